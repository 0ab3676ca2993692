import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { navigate } from '../router.js';
import { usePoll } from '../util.js';
import { ErrorBox, Loading } from '../components/common.jsx';
import { AuditTable } from '../components/audit.jsx';

const LIMITS = [50, 100, 500, 1000];

/** The audit log: who started, canceled, approved, rejected, moved an alias, managed a schedule or a token. */
export function AuditPage({ query }) {
  const target = query.target || '';
  const principal = query.principal || '';
  const limit = LIMITS.includes(Number(query.limit)) ? Number(query.limit) : 100;
  const [draft, setDraft] = useState({ target, principal });
  useEffect(() => setDraft({ target, principal }), [target, principal]);
  const events = usePoll(() => Api.audit({ target, principal, limit }), [target, principal, limit],
    { interval: 5000, live: () => true });
  const apply = (next) => navigate('/audit', { target, principal, limit: limit === 100 ? '' : limit, ...next }, { replace: true });

  return (
    <section>
      <div class="page-head"><h1>Audit log</h1></div>
      <p class="lead">Every change made through the API, newest first, with the signed-in principal that made it.</p>
      <form class="filters" role="search" aria-label="Filter audit events"
        onSubmit={(e) => { e.preventDefault(); apply({ target: draft.target.trim(), principal: draft.principal.trim() }); }}>
        <div class="field inline">
          <label for="au-target">Target</label>
          <input id="au-target" type="search" value={draft.target} placeholder="run id, model:alias, token:NAME…"
            onInput={(e) => setDraft({ ...draft, target: e.currentTarget.value })} />
        </div>
        <div class="field inline">
          <label for="au-principal">Principal</label>
          <input id="au-principal" type="search" value={draft.principal} placeholder="anyone"
            onInput={(e) => setDraft({ ...draft, principal: e.currentTarget.value })} />
        </div>
        <div class="field inline">
          <label for="au-limit">Show</label>
          <select id="au-limit" value={String(limit)} onChange={(e) => apply({ limit: e.currentTarget.value })}>
            {LIMITS.map((n) => <option key={n} value={n}>{n} newest</option>)}
          </select>
        </div>
        <button type="submit" class="btn">Filter</button>
        <span class="muted live-note" aria-live="polite">{events.data ? `${events.data.length} event${events.data.length === 1 ? '' : 's'}` : ''}</span>
      </form>
      <ErrorBox error={events.error} title="Could not read the audit log" />
      {events.loading && !events.data ? <Loading what="Loading the audit log" /> : null}
      {events.data && !events.data.length ? <p class="empty">No events{target || principal ? ' match these filters' : ' yet'}.</p> : null}
      {events.data?.length ? <AuditTable events={events.data} caption="Audit events, newest first" /> : null}
    </section>
  );
}
