import { useEffect, useRef, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { navigate } from '../router.js';
import { LIST_LIMITS, TERMINAL, fmtTime, shortId, usePoll } from '../util.js';
import { DeniedButton, ErrorBox, Loading, StageStrip, StatusBadge, Elapsed } from '../components/common.jsx';
import { useAccess } from '../session.js';

const STATUSES = ['RUNNING', 'WAITING_APPROVAL', 'COMPLETED', 'FAILED', 'CANCELED'];

/** Details of the listed runs (for their stage strips); finished runs are cached, they no longer change. */
const detailCache = new Map();

export function PipelinesPage({ query }) {
  const status = query.status || '';
  const model = query.model || '';
  const limit = Number(query.limit) || 50;
  const [details, setDetails] = useState({});
  const access = useAccess();
  const cannotRun = access.why('run', 'Starting a run');
  const list = usePoll(() => Api.pipelines(status, limit), [status, limit], {
    interval: 3000,
    live: () => true,
  });
  const runs = (list.data || []).filter((r) => !model || r.model.includes(model));

  // stage strips: ask for the details of the first 25 shown runs, again while they run
  const wanted = runs.slice(0, 25).map((r) => `${r.id}:${r.status}`).join(',');
  const busy = useRef(false);
  useEffect(() => {
    if (busy.current) return;
    busy.current = true;
    (async () => {
      const next = {};
      for (const r of runs.slice(0, 25)) {
        const cached = detailCache.get(r.id);
        if (cached && TERMINAL.has(cached.status)) { next[r.id] = cached; continue; }
        try {
          const d = await Api.pipeline(r.id);
          detailCache.set(r.id, d);
          next[r.id] = d;
        } catch { /* the list still shows the run */ }
      }
      setDetails(next);
    })().finally(() => { busy.current = false; });
  }, [wanted, list.data]);

  // The model filter looks at the runs the list fetched (the newest `limit`), not at every run.
  const emptyText = !status && !model ? 'No runs yet.'
    : model ? `No run of a model named like "${model}" among the ${limit} newest${status ? ` ${status.toLowerCase()}` : ''} runs.`
      : 'No runs match these filters.';

  const setFilter = (k, v) => navigate('/pipelines', { status, model, limit: limit === 50 ? '' : limit, [k]: v }, { replace: true });

  return (
    <section>
      <div class="page-head">
        <h1>Pipelines</h1>
        {cannotRun ? <DeniedButton class="btn primary" id="start-run" why={cannotRun}>Start a run</DeniedButton>
          : <a class="btn primary" href="#/pipelines/new">Start a run</a>}
      </div>
      <form class="filters" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <div class="field inline">
          <label for="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.toLowerCase().replace('_', ' ')}</option>)}
          </select>
        </div>
        <div class="field inline">
          <label for="f-model">Model</label>
          <input id="f-model" type="search" value={model} placeholder="any model"
            onInput={(e) => setFilter('model', e.currentTarget.value)} />
        </div>
        <div class="field inline">
          <label for="f-limit">Show</label>
          <select id="f-limit" value={String(limit)} onChange={(e) => setFilter('limit', e.currentTarget.value)}>
            {LIST_LIMITS.map((n) => <option key={n} value={n}>{n} newest</option>)}
          </select>
        </div>
        <span class="muted live-note" aria-live="polite">{list.data ? `${runs.length} run${runs.length === 1 ? '' : 's'}` : ''}</span>
      </form>
      <ErrorBox error={list.error} title="Could not list the runs" />
      {list.loading && !list.data ? <Loading what="Loading runs" /> : null}
      {list.data && runs.length === 0 ? (
        <p class="empty">{emptyText}{cannotRun ? null : <> <a href="#/pipelines/new">Start one</a>.</>}</p>
      ) : null}
      {runs.length ? (
        <div class="table-wrap">
          <table class="runs">
            <caption class="sr-only">Pipeline runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th><th scope="col">Model</th><th scope="col">Status</th>
                <th scope="col">Stages</th><th scope="col">Started</th><th scope="col">Started by</th><th scope="col">Duration</th>
                <th scope="col">Version</th><th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const d = details[r.id];
                const running = d?.stages?.find((s) => s.status === 'RUNNING');
                return (
                  <tr key={r.id}>
                    <td><a href={`#/pipelines/${encodeURIComponent(r.id)}`} title={r.id} class="mono">{shortId(r.id)}</a></td>
                    <td><a href={`#/models/${encodeURIComponent(r.model)}`}>{r.model}</a></td>
                    <td><StatusBadge status={r.status} /></td>
                    <td>
                      <StageStrip stages={d?.stages} />
                      {running ? <span class="muted small"> {running.stage}{running.progress?.totalSteps
                        ? ` ${Math.round((100 * running.progress.step) / running.progress.totalSteps)}%` : ''}</span> : null}
                    </td>
                    <td>{fmtTime(r.startedAt)}</td>
                    <td class="started-by">{r.startedBy || '—'}</td>
                    <td><Elapsed start={r.startedAt} end={r.endedAt} /></td>
                    <td>{d?.modelVersion ? <a href={`#/models/${encodeURIComponent(d.modelVersion.name)}`}>v{d.modelVersion.version}</a> : '—'}</td>
                    <td class="msg">{r.message || ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
