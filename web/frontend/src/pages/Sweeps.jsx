import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, problemOf } from '../api.js';
import { navigate } from '../router.js';
import { LIST_LIMITS, TERMINAL, fmtDuration, fmtMetric, fmtTime, isHeadline, metricParts, shortId, since, usePoll, uuid } from '../util.js';
import { ApiLink, Copy, DeniedButton, Elapsed, ErrorBox, Loading, Notice, StatusBadge } from '../components/common.jsx';
import { BarChart } from '../components/charts.jsx';
import { sortMetricKeys } from '../components/metrics.jsx';
import { useAccess } from '../session.js';
import { childLabel, childNumber, fmtValue, metricOf, overrideColumns, shortSweepId } from '../sweep.js';

const STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED'];
const live = (s) => s && !TERMINAL.has(s.status);
const sweepHref = (id) => `#/sweeps/${encodeURIComponent(id)}`;
const runHref = (id) => `#/pipelines/${encodeURIComponent(id)}`;

/** What the start form offers to fill in: a grid over one field of a small spec. */
const EXAMPLE = {
  spec: {
    model: 'demo',
    data: { uri: 'file:///path/to/data/', format: 'csv' },
    training: { pretrainEpochs: 1, fineTuneEpochs: 1, adapter: 'moe-lora', rank: 8 },
    evaluation: { maxUsers: 500, candidateDraws: 3 },
  },
  grid: { 'training.experts': [1, 2, 4] },
  maxParallel: 2,
  selectBy: 'full-ranking/NDCG@10',
};

/**
 * A sweep from its JSON request (POST /api/v1/sweeps): the server expands and checks every configuration, and
 * refuses the whole sweep when one of them is invalid; its problems are listed here.
 */
function StartSweep({ open }) {
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState(null);
  const [server, setServer] = useState(null); // {detail, errors, status}
  const [sending, setSending] = useState(false);
  const key = useRef(uuid());
  const summary = useRef(null);
  const area = useRef(null);
  const cannot = useAccess().why('run', 'Starting a sweep');

  const edit = (text) => { setJson(text); setServer(null); setJsonError(null); key.current = uuid(); };
  const submit = async (e) => {
    e.preventDefault();
    if (cannot) return;
    setServer(null);
    let body;
    try {
      body = JSON.parse(json);
    } catch (err) {
      setJsonError(`The JSON does not parse (${err.message}); nothing was sent.`);
      area.current?.focus();
      return;
    }
    setSending(true);
    try {
      const sweep = await Api.startSweep(body, key.current);
      key.current = uuid();
      navigate(`/sweeps/${encodeURIComponent(sweep.id)}`);
    } catch (err) {
      setServer(problemOf(err));
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setSending(false);
    }
  };
  return (
    <details class="panel start-sweep" open={open}>
      <summary><strong>Start a sweep</strong></summary>
      <form noValidate onSubmit={submit} aria-describedby={server ? 'sweep-errors' : undefined}>
        {cannot ? <Notice kind="info">{cannot}: you may look at the form, not start the sweep.</Notice> : null}
        {server ? (
          <div class="alert error" role="alert" tabIndex={-1} ref={summary} id="sweep-errors">
            <strong>{server.errors?.length ? server.detail : `The server refused the sweep: ${server.detail}`}</strong>
            {server.status ? <span class="muted"> (HTTP {server.status})</span> : null}
            {server.errors?.length ? <ul>{server.errors.map((p) => <li key={p}>{p}</li>)}</ul> : null}
          </div>
        ) : null}
        <div class={`field${jsonError ? ' invalid' : ''}`}>
          <label for="sweep-json">Sweep request (JSON)</label>
          <textarea id="sweep-json" ref={area} rows={14} class="mono" spellcheck={false} value={json}
            placeholder={JSON.stringify(EXAMPLE, null, 2)}
            aria-describedby={['sweep-json-help', jsonError ? 'sweep-json-err' : null].filter(Boolean).join(' ')}
            aria-invalid={jsonError ? 'true' : undefined}
            onInput={(e) => edit(e.currentTarget.value)} />
          {jsonError ? <p class="field-error" id="sweep-json-err">{jsonError}</p> : null}
          <p class="help" id="sweep-json-help">A base pipeline <code>spec</code>, and either a <code>grid</code> (values per
            field path, every combination is run) or <code>runs</code> (a list of partial specs). Optional:
            <code> maxParallel</code> (children at once, 1..16, default 2) and <code>selectBy</code> (the validation metric
            the best child is chosen by, default the spec's promotion metric). The best child is offered to its
            promotion gate.</p>
        </div>
        <div class="actions">
          {cannot ? <DeniedButton class="btn primary" id="start-sweep" why={cannot}>Start the sweep</DeniedButton>
            : <button type="submit" class="btn primary" disabled={sending}>{sending ? 'Starting…' : 'Start the sweep'}</button>}
          <button type="button" class="btn" onClick={() => edit(JSON.stringify(EXAMPLE, null, 2))}>Fill with an example</button>
          <span class="muted small">Idempotency-Key <code>{key.current.slice(0, 8)}</code>: sending twice starts one sweep.</span>
        </div>
      </form>
    </details>
  );
}

export function SweepsPage({ query }) {
  const status = query.status || '';
  const limit = Number(query.limit) || 50;
  const list = usePoll(() => Api.sweeps(status, limit), [status, limit], {
    interval: 4000,
    live: (data) => (data || []).some(live),
  });
  const sweeps = list.data || [];
  const setFilter = (k, v) => navigate('/sweeps', { status, limit: limit === 50 ? '' : limit, start: query.start, [k]: v },
    { replace: true });
  return (
    <section>
      <div class="page-head">
        <h1>Sweeps</h1>
      </div>
      <p class="lead">A sweep runs a grid or a list of configurations of one spec as child pipeline runs, a few at a
        time, sharing their ingest and tokenize stages; it chooses the best child on the validation targets and offers
        only that one to promotion.</p>
      <StartSweep open={query.start === '1'} />
      <form class="filters" role="search" aria-label="Filter sweeps" onSubmit={(e) => e.preventDefault()}>
        <div class="field inline">
          <label for="fs-status">Status</label>
          <select id="fs-status" value={status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
          </select>
        </div>
        <div class="field inline">
          <label for="fs-limit">Show</label>
          <select id="fs-limit" value={String(limit)} onChange={(e) => setFilter('limit', e.currentTarget.value)}>
            {LIST_LIMITS.map((n) => <option key={n} value={n}>{n} newest</option>)}
          </select>
        </div>
        <span class="muted live-note" aria-live="polite">{list.data ? `${sweeps.length} sweep${sweeps.length === 1 ? '' : 's'}` : ''}</span>
      </form>
      <ErrorBox error={list.error} title="Could not list the sweeps" />
      {list.loading && !list.data ? <Loading what="Loading sweeps" /> : null}
      {list.data && !sweeps.length ? <p class="empty">No sweeps{status ? ' match this filter' : ' yet'}.</p> : null}
      {sweeps.length ? (
        <div class="table-wrap">
          <table class="runs sweeps">
            <caption class="sr-only">Sweeps, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sweep</th><th scope="col">Model</th><th scope="col">Status</th>
                <th scope="col" class="num">Configurations</th><th scope="col">Started</th><th scope="col">Started by</th>
                <th scope="col">Duration</th><th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {sweeps.map((s) => (
                <tr key={s.id}>
                  <td><a href={sweepHref(s.id)} title={s.id} class="mono">{shortSweepId(s.id)}</a></td>
                  <td><a href={`#/models/${encodeURIComponent(s.model)}`}>{s.model}</a></td>
                  <td><StatusBadge status={s.status} /></td>
                  <td class="num">{s.children}</td>
                  <td>{fmtTime(s.startedAt)}</td>
                  <td class="started-by">{s.startedBy || '—'}</td>
                  <td><Elapsed start={s.startedAt} end={s.endedAt} /></td>
                  <td class="msg">{s.message || ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function SweepPage({ id }) {
  const sweep = usePoll(() => Api.sweep(id), [id], { interval: 2000, live });
  const [, tick] = useState(0);
  useEffect(() => {
    if (!live(sweep.data)) return undefined;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [sweep.data?.status]);

  if (sweep.error && !sweep.data) {
    return (
      <section>
        <h1>Sweep</h1>
        <ErrorBox error={sweep.error} title={`Could not load ${id}`} />
        <p><a href="#/sweeps">Back to the sweeps</a></p>
      </section>
    );
  }
  if (!sweep.data) return <section><h1>Sweep</h1><Loading what="Loading the sweep" /></section>;
  const s = sweep.data;
  return (
    <section>
      <div class="page-head">
        <h1>Sweep <span class="mono">{shortSweepId(id)}</span> of <a href={`#/models/${encodeURIComponent(s.model)}`}>{s.model}</a></h1>
        <StatusBadge status={s.status} />
      </div>
      <SweepSummary s={s} />
      {s.historyKept === false && s.note ? <Notice kind="info"><span id="sweep-note">{s.note}</span></Notice> : null}
      {s.status === 'RUNNING' ? <CancelSweep s={s} onDone={() => sweep.reload()} /> : null}
      <ErrorBox error={sweep.error} title="The last refresh failed (retrying)" />
      <h2 id="configurations">Configurations</h2>
      <SweepTable s={s} />
      <h2 id="plot">Validation and test</h2>
      <SweepPlot s={s} />
      <TestMetrics s={s} />
      <p class="small"><a href="#/sweeps">Back to the sweeps</a></p>
    </section>
  );
}

function SweepSummary({ s }) {
  const best = (s.children || []).findIndex((c) => c.runId === s.best);
  return (
    <dl class="kv">
      <div><dt>Id</dt><dd class="mono">{s.id} <Copy text={s.id} label="Copy sweep id" /></dd></div>
      <div><dt>Started</dt><dd>{fmtTime(s.startedAt)}</dd></div>
      <div><dt>Started by</dt><dd class="started-by">{s.startedBy || '—'}</dd></div>
      <div><dt>{s.endedAt ? 'Ended' : 'Running for'}</dt><dd>{s.endedAt ? `${fmtTime(s.endedAt)} (${fmtDuration(since(s.startedAt, s.endedAt))})` : fmtDuration(since(s.startedAt))}</dd></div>
      <div><dt>Select by</dt><dd class="mono" id="sweep-select-by">{s.selectBy}</dd></div>
      <div><dt>At most in parallel</dt><dd id="sweep-max-parallel">{s.maxParallel}</dd></div>
      <div><dt>Configurations</dt><dd>{(s.children || []).length}</dd></div>
      <div><dt>Best</dt><dd>{best >= 0 ? (
        <a href={runHref(s.best)} title={s.best}>{childLabel(s.children[best], best)}</a>
      ) : <span class="muted">{live(s) ? 'not chosen yet' : 'none'}</span>}</dd></div>
      {s.message ? <div class="wide"><dt>Message</dt><dd class={`pre${s.status === 'FAILED' ? ' err-text' : ''}`} id="sweep-message">{s.message}</dd></div> : null}
      <div class="wide"><dt>Links</dt><dd class="links">
        <ApiLink href={s.links?.self || `/api/v1/sweeps/${encodeURIComponent(s.id)}`}>resource JSON</ApiLink>
        {s.historyKept === false ? null : <ApiLink href={s.links?.history || `/api/v1/pipelines/${encodeURIComponent(s.id)}/history`}>history JSON</ApiLink>}
      </dd></div>
    </dl>
  );
}

/** Cancel, for those with the run permission (a disabled button saying why for the others), as on a run's page. */
function CancelSweep({ s, onDone }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(false);
  const cannot = useAccess().why('run', 'Canceling a sweep');
  const cancel = async () => {
    setBusy(true); setError(null);
    try {
      await Api.cancelSweep(s.id);
      setDone(true);
      setConfirming(false);
      onDone();
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <div class="panel actions-panel">
      <div class="actions">
        {cannot ? (
          <DeniedButton class="btn danger" id="cancel-sweep" why={cannot}>Cancel the sweep…</DeniedButton>
        ) : !confirming ? (
          <button type="button" class="btn danger" onClick={() => setConfirming(true)} disabled={busy}>Cancel the sweep…</button>
        ) : (
          <span role="group" aria-label="Confirm cancel">
            <span>Cancel this sweep? Its running children are canceled, and the others never start. </span>
            <button type="button" class="btn danger" autoFocus disabled={busy} onClick={cancel}>Yes, cancel it</button>
            <button type="button" class="btn" onClick={() => setConfirming(false)}>No</button>
          </span>
        )}
      </div>
      {done ? <Notice kind="ok">The sweep was canceled.</Notice> : null}
      <ErrorBox error={error} title="The sweep could not be canceled" />
    </div>
  );
}

function Offered({ offered }) {
  if (offered === true) return <>offered</>;
  if (offered === false) return <span class="muted">not offered</span>;
  return <span class="muted">—</span>;
}

/** One row per child: what it changes, how it is doing, its validation and test numbers of selectBy. */
function SweepTable({ s }) {
  const children = s.children || [];
  const columns = overrideColumns(children);
  if (!children.length) return <p class="muted">This sweep has no configurations.</p>;
  return (
    <div class="table-wrap">
      <table class="sweep" id="sweep-table">
        <caption>One row per configuration, in the order they were planned. The best on validation ({s.selectBy}) is
          marked: it is the one offered to promotion.</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {columns.map((c) => <th scope="col" key={c} class="override"><span class="mono">{c}</span></th>)}
            <th scope="col">Status</th>
            <th scope="col" class="num val-col">Validation {s.selectBy}</th>
            <th scope="col" class="num test-col">Test {s.selectBy}</th>
            <th scope="col">Promotion</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {children.map((c, i) => {
            const best = c.runId === s.best;
            return (
              <tr key={c.runId} class={best ? 'best' : undefined}>
                <th scope="row">
                  <a href={runHref(c.runId)} title={c.runId} class="mono">#{childNumber(c, i)} {shortId(c.runId)}</a>
                  {best ? <> <span class="badge best" title="The best on validation, offered to promotion">★ best</span></> : null}
                </th>
                {columns.map((k) => <td key={k} class="override mono">{fmtValue(c.overrides?.[k])}</td>)}
                <td><StatusBadge status={c.status} /></td>
                <td class="num val-col">{fmtMetric(metricOf(c, 'validation', s.selectBy))}</td>
                <td class="num test-col">{fmtMetric(metricOf(c, 'test', s.selectBy))}</td>
                <td><Offered offered={c.offered} /></td>
                <td class="msg">{c.message || ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** selectBy on validation and on test, a pair of bars per child; the best child on a tinted band. */
function SweepPlot({ s }) {
  const children = s.children || [];
  const labels = children.map((c, i) => `${childLabel(c, i)}${c.runId === s.best ? ' (best)' : ''}`);
  const validation = children.map((c) => metricOf(c, 'validation', s.selectBy));
  const test = children.map((c) => metricOf(c, 'test', s.selectBy));
  if (![...validation, ...test].some((v) => v !== null)) {
    return <p class="muted" id="sweep-plot-empty">No numbers yet: a configuration's bars show once it is evaluated.</p>;
  }
  const best = children.findIndex((c) => c.runId === s.best);
  return (
    <div class="sweep-plot" id="sweep-plot">
      <BarChart title={`${s.selectBy} on validation (what the sweep selects by) and on test, per configuration`}
        groups={labels} highlight={best >= 0 ? labels[best] : null}
        series={[{ label: 'validation', values: validation }, { label: 'test', values: test }]} />
    </div>
  );
}

/** Every headline test metric of every child, for a closer look. */
function TestMetrics({ s }) {
  const children = s.children || [];
  const keys = sortMetricKeys([...new Set(children.flatMap((c) => Object.keys(c.test || {})))].filter(isHeadline));
  if (!keys.length) return null;
  return (
    <details class="test-metrics">
      <summary>All test metrics</summary>
      <div class="table-wrap">
        <table class="metrics num">
          <caption>The candidate's test numbers of each configuration (what its promotion gate compares).</caption>
          <thead>
            <tr><th scope="col">Run</th>{keys.map((k) => {
              const [protocol, metric] = metricParts(k);
              return <th scope="col" key={k}><span class="muted small">{protocol}</span> {metric}</th>;
            })}</tr>
          </thead>
          <tbody>
            {children.map((c, i) => (
              <tr key={c.runId} class={c.runId === s.best ? 'best' : undefined}>
                <th scope="row"><a href={runHref(c.runId)} title={c.runId}>{childLabel(c, i)}</a></th>
                {keys.map((k) => <td key={k}>{fmtMetric(metricOf(c, 'test', k))}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
