import { useEffect, useRef, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { STAGES, TERMINAL, fmtBytes, fmtDuration, fmtNum, fmtParameters, fmtTime, since, useLoad, usePoll } from '../util.js';
import { isLanguageModel } from '../spec.js';
import { ApiLink, DeniedButton, ErrorBox, Loading, ProgressBar, StatusBadge, Copy, Notice } from '../components/common.jsx';
import { AuditTable } from '../components/audit.jsx';
import { useAccess } from '../session.js';
import { navigate } from '../router.js';
import { LineChart } from '../components/charts.jsx';
import { MetricsTable } from '../components/metrics.jsx';
import { activities, durationMs, eventSummary } from '../history.js';
import { sweepIdOf } from '../sweep.js';

const live = (run) => run && !TERMINAL.has(run.status);

/**
 * A new run of this one, computing again from a chosen stage with optional changes to its spec: the stages
 * before it reuse this run's results where their inputs are unchanged (the step cache).
 */
function Rerun({ r }) {
  const access = useAccess();
  const [from, setFrom] = useState('fine-tune');
  const [changes, setChanges] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const cannot = access.why('run', 'Re-running a run');
  const submit = async (e) => {
    e.preventDefault();
    let spec = null;
    if (changes.trim()) {
      try {
        spec = JSON.parse(changes);
      } catch (err) {
        setError(new Error(`the changes are not JSON: ${err.message}`));
        return;
      }
    }
    setBusy(true); setError(null);
    try {
      const started = await Api.rerun(r.id, from, spec);
      navigate(`/pipelines/${started.id}`);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="panel rerun" noValidate onSubmit={submit}>
      <h2>Re-run</h2>
      <p class="muted small">A new run with this run's spec, computing again from the stage you choose; the stages
        before it reuse this run's results where their inputs are unchanged.</p>
      <div class="grid">
        <div class="field"><label for="rr-from">From stage</label>
          <select id="rr-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
            {STAGES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select></div>
        <div class="field wide"><label for="rr-changes">Changes to the spec (JSON, optional)</label>
          <textarea id="rr-changes" rows={3} spellcheck={false} placeholder={'{"training": {"adapter": "lora", "experts": 1}}'}
            value={changes} onInput={(e) => setChanges(e.currentTarget.value)} /></div>
      </div>
      <div class="actions">
        {cannot ? <DeniedButton class="btn" id="rerun" why={cannot}>Re-run</DeniedButton>
          : <button type="submit" class="btn" disabled={busy}>{busy ? 'Starting…' : 'Re-run'}</button>}
      </div>
      <ErrorBox error={error} title="The re-run was refused" />
    </form>
  );
}

export function RunPage({ id }) {
  const run = usePoll(() => Api.pipeline(id), [id], { interval: 1500, live });
  const hist = usePoll(() => Api.history(id), [id], { interval: 4000, live: () => live(run.data) || !run.data });
  const [, tick] = useState(0);
  useEffect(() => {
    if (!live(run.data)) return undefined;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [run.data?.status]);
  // one more history fetch once the run has ended, so the timeline shows its last events
  useEffect(() => { if (run.data && !live(run.data)) hist.reload(); }, [run.data?.status]);
  const losses = useLossSamples(run.data);
  const [acted, setActed] = useState(0); // bumped by an action here, so the audit trail shows it at once

  if (run.error && !run.data) {
    return (
      <section>
        <h1>Run</h1>
        <ErrorBox error={run.error} title={`Could not load ${id}`} />
        <p><a href="#/pipelines">Back to the runs</a></p>
      </section>
    );
  }
  if (!run.data) return <section><h1>Run</h1><Loading what="Loading the run" /></section>;
  const r = run.data;
  return (
    <section>
      <div class="page-head">
        <h1>Run <span class="mono">{id.replace(/^pipeline-/, '').slice(0, 8)}</span> of <a href={`#/models/${encodeURIComponent(r.model)}`}>{r.model}</a></h1>
        <StatusBadge status={r.status} />
      </div>
      <RunSummary r={r} />
      <Actions r={r} onDone={() => { run.reload(); setActed((n) => n + 1); }} />
      {TERMINAL.has(r.status) ? <Rerun r={r} /> : null}
      <ErrorBox error={run.error} title="The last refresh failed (retrying)" />
      <h2 id="timeline">Stages</h2>
      <StageTimeline r={r} />
      {Object.keys(losses).length ? (
        <>
          <h2>Training loss (live)</h2>
          <p class="muted small">Sampled from the activity's heartbeats while this page is open; the full per-epoch
            curves are on the <a href={`#/plots?model=${encodeURIComponent(r.model)}${r.modelVersion ? `&a=${r.modelVersion.version}` : ''}`}>Plots</a> page once the run has a version.</p>
          <div class="charts">
            {Object.entries(losses).map(([phase, pts]) => (
              <LineChart key={phase} title={`${phase} loss by step`} x={pts.map((p) => p.step)} xLabel="step" yLabel="loss"
                series={[{ label: phase, values: pts.map((p) => p.loss) }]} height={200} />
            ))}
          </div>
        </>
      ) : null}
      <h2>Activities (Temporal history)</h2>
      <HistoryView hist={hist} r={r} />
      <h2>Artifacts</h2>
      <Artifacts r={r} />
      {r.metrics && Object.keys(r.metrics).length ? (
        <>
          <h2>Evaluation</h2>
          <MetricsTable metrics={r.metrics} candidateAdapter={r.spec?.training?.adapter} caption="Same test users and candidate draws for every model; the best value of each row is bold." />
          <p><a href={`#/plots?run=${encodeURIComponent(r.id)}`}>Plot these metrics</a></p>
        </>
      ) : null}
      {r.promotion ? <Promotion p={r.promotion} /> : null}
      <h2>Audit trail</h2>
      <RunAudit id={r.id} status={r.status} acted={acted} />
      <details class="spec">
        <summary>Spec (with defaults)</summary>
        <pre class="mono">{JSON.stringify(r.spec, null, 2)}</pre>
      </details>
    </section>
  );
}

function RunSummary({ r }) {
  const sweep = sweepIdOf(r.links?.sweep);
  return (
    <dl class="kv">
      <div><dt>Id</dt><dd class="mono">{r.id} <Copy text={r.id} label="Copy run id" /></dd></div>
      <div><dt>Started</dt><dd>{fmtTime(r.startedAt)}</dd></div>
      <div><dt>Started by</dt><dd class="started-by">{r.startedBy || '—'}</dd></div>
      <div><dt>{r.endedAt ? 'Ended' : 'Running for'}</dt><dd>{r.endedAt ? `${fmtTime(r.endedAt)} (${fmtDuration(since(r.startedAt, r.endedAt))})` : fmtDuration(since(r.startedAt))}</dd></div>
      <div><dt>Seed</dt><dd>{r.spec?.seed ?? '—'}</dd></div>
      <div><dt>Backbone</dt><dd><Backbone training={r.spec?.training} /></dd></div>
      {sweep ? (
        <div><dt>Sweep</dt><dd id="run-sweep">part of sweep <a href={`#/sweeps/${encodeURIComponent(sweep)}`} class="mono">{sweep}</a></dd></div>
      ) : null}
      {r.modelVersion ? (
        <div><dt>Version</dt><dd><a href={`#/models/${encodeURIComponent(r.modelVersion.name)}`}>{r.modelVersion.name}:{r.modelVersion.version}</a></dd></div>
      ) : null}
      {r.historyNote ? <div class="wide"><dt>History</dt><dd class="muted" id="history-note">{r.historyNote}</dd></div> : null}
      {r.message ? <div class="wide"><dt>Message</dt><dd class={`pre${r.status === 'FAILED' ? ' err-text' : ''}`}>{r.message}</dd></div> : null}
      <div class="wide"><dt>Links</dt><dd class="links">
        {r.links?.temporalUi ? <a href={r.links.temporalUi} target="_blank" rel="noopener">Temporal Web UI ↗</a> : <span class="muted">no Temporal Web UI {r.temporalHistory === false ? 'history for this run' : 'configured'}</span>}
        {r.temporalHistory === false ? null : <ApiLink href={r.links?.history || `/api/v1/pipelines/${encodeURIComponent(r.id)}/history`}>history JSON</ApiLink>}
        <ApiLink href={r.links?.self || `/api/v1/pipelines/${encodeURIComponent(r.id)}`}>resource JSON</ApiLink>
      </dd></div>
    </dl>
  );
}

/** What the run fine-tunes: the platform's tiny generative backbone, or an imported foundation model. */
function Backbone({ training }) {
  return isLanguageModel(training) ? <FoundationModel name={training.backbone} /> : 'tiny generative';
}

/** A foundation model by name, with what it is and a link to the lineage of the artifact its import made. */
function FoundationModel({ name }) {
  const model = useLoad(() => Api.foundationModel(name), [name]);
  const m = model.data;
  const about = [m?.architecture, typeof m?.parameters === 'number' ? `${fmtParameters(m.parameters)} parameters` : null]
    .filter(Boolean).join(', ');
  return (
    <>
      <span class="mono">{name}</span>
      {about ? <span class="muted"> ({about})</span> : null}
      {m?.artifactId != null ? (
        <> · <a href={`#/lineage/${m.artifactId}?direction=upstream`}>foundation-model artifact {m.artifactId}</a></>
      ) : null}
      {model.error ? <span class="muted"> (its artifact could not be looked up: {model.error.message})</span> : null}
    </>
  );
}

function Actions({ r, onDone }) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const [reasonErr, setReasonErr] = useState(null);
  const reasonRef = useRef(null);
  const access = useAccess();
  if (TERMINAL.has(r.status)) return null;
  const act = async (what, fn) => {
    setBusy(true); setError(null);
    try {
      await fn();
      setDone(what);
      setConfirming(false);
      onDone();
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const decide = (approve) => {
    if (!reason.trim()) {
      setReasonErr('is required: it goes into the alias\'s audit log');
      reasonRef.current?.focus();
      return;
    }
    setReasonErr(null);
    act(approve ? 'approved' : 'rejected', () => Api.decide(r.id, approve, reason.trim()));
  };
  const me = access.who?.name;
  const cannotDecide = access.why('approve', 'Approving or rejecting a run');
  // four-eyes: the API refuses the starter's approval (403); rejecting their own candidate stays open to them
  const ownRun = Boolean(access.who?.fourEyes && me && r.startedBy === me);
  const cannotCancel = access.why('run', 'Canceling a run');
  return (
    <div class="panel actions-panel">
      {r.status === 'WAITING_APPROVAL' ? (
        cannotDecide ? (
          <div class="approval">
            <h2>Approval</h2>
            <p>The candidate passed the gate and waits for an approver before the champion alias moves.</p>
            <p class="muted">{cannotDecide}.</p>
          </div>
        ) : (
          <form class="approval" noValidate onSubmit={(e) => { e.preventDefault(); if (!ownRun) decide(true); }}>
            <h2>Approval</h2>
            <p>The candidate passed the gate and waits for a person before the champion alias moves. Your decision is
              recorded as <strong>{me}</strong>.</p>
            <div class="grid">
              <div class={`field wide${reasonErr ? ' invalid' : ''}`}><label for="ap-reason">Reason <span aria-hidden="true" class="req">*</span></label>
                <input id="ap-reason" ref={reasonRef} value={reason} aria-required="true" aria-invalid={reasonErr ? 'true' : undefined}
                  aria-describedby={reasonErr ? 'ap-reason-err' : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
                {reasonErr ? <p class="field-error" id="ap-reason-err">{reasonErr}</p> : null}</div>
            </div>
            <div class="actions">
              {ownRun ? (
                <DeniedButton class="btn primary" id="ap-approve" why={`four-eyes: you started this run (${me}); another approver must approve it`}>Approve</DeniedButton>
              ) : <button type="submit" class="btn primary" disabled={busy}>Approve</button>}
              <button type="button" class="btn danger" disabled={busy} onClick={() => decide(false)}>Reject</button>
              {ownRun ? <span class="muted small four-eyes">four-eyes: you started this run, so another approver must approve it (you may reject it)</span> : null}
            </div>
          </form>
        )
      ) : null}
      <div class="actions">
        {cannotCancel ? (
          <DeniedButton class="btn danger" id="cancel-run" why={cannotCancel}>Cancel the run…</DeniedButton>
        ) : !confirming ? (
          <button type="button" class="btn danger" onClick={() => setConfirming(true)} disabled={busy}>Cancel the run…</button>
        ) : (
          <span role="group" aria-label="Confirm cancel">
            <span>Cancel this run? Its running stage stops. </span>
            <button type="button" class="btn danger" autoFocus disabled={busy} onClick={() => act('canceled', () => Api.cancel(r.id))}>Yes, cancel it</button>
            <button type="button" class="btn" onClick={() => setConfirming(false)}>No</button>
          </span>
        )}
      </div>
      {done ? <Notice kind="ok">The run was {done}.</Notice> : null}
      <ErrorBox error={error} title="The action failed" />
    </div>
  );
}

/** Who started, canceled, approved or rejected this run (GET /api/v1/audit?target=<run id>). */
function RunAudit({ id, status, acted }) {
  const events = useLoad(() => Api.audit({ target: id, limit: 100 }), [id, status, acted]);
  if (events.error && !events.data) return <ErrorBox error={events.error} title="The audit trail could not be read" />;
  if (!events.data) return <Loading what="Loading the audit trail" />;
  if (!events.data.length) return <p class="muted">Nothing recorded for this run.</p>;
  return (
    <>
      <AuditTable events={events.data} showTarget={false} caption={`Audit events of ${id}, newest first`} />
      <p class="small"><a href={`#/audit?target=${encodeURIComponent(id)}`}>In the audit log</a></p>
    </>
  );
}

function StageTimeline({ r }) {
  const stages = STAGES.map((n) => r.stages?.find((s) => s.stage === n) || { stage: n, status: 'PENDING' });
  const t0 = new Date(r.startedAt).getTime();
  const t1 = r.endedAt ? new Date(r.endedAt).getTime() : Date.now();
  const span = Math.max(1, t1 - t0);
  return (
    <ol class="timeline">
      {stages.map((s) => {
        const start = s.startedAt ? new Date(s.startedAt).getTime() : null;
        const end = s.endedAt ? new Date(s.endedAt).getTime() : (s.status === 'RUNNING' ? t1 : null);
        const left = start === null ? 0 : ((start - t0) / span) * 100;
        const width = start === null || end === null ? 0 : Math.max(0.6, ((end - start) / span) * 100);
        const p = s.progress;
        return (
          <li key={s.stage} class={`stage s-${s.status.toLowerCase()}`}>
            <div class="stage-head">
              <strong class="stage-name">{s.stage}</strong>
              <StatusBadge status={s.status} />
              {s.attempt > 1 ? <span class="badge warn">attempt {s.attempt}</span> : null}
              <span class="muted">{s.durationMs != null ? fmtDuration(s.durationMs) : s.startedAt ? fmtDuration(since(s.startedAt)) : ''}</span>
            </div>
            <div class="gantt" aria-hidden="true"><div class="gantt-bar" style={{ left: `${left}%`, width: `${width}%` }} /></div>
            <div class="stage-meta small">
              {s.attempt ? <span>attempt {s.attempt}</span> : null}
              {s.worker ? <span>worker <span class="mono">{s.worker}</span></span> : null}
              {s.device ? <span>device {s.device}</span> : null}
              {s.codeVersion ? <span>code <span class="mono">{s.codeVersion}</span></span> : null}
              {s.reusedFrom ? (
                <span class="reused">reused from <a href={`#/pipelines/${encodeURIComponent(s.reusedFrom.runId)}`}
                  class="mono">{s.reusedFrom.runId}</a> (step {s.reusedFrom.stepId})</span>
              ) : null}
              {s.startedAt ? <span>started {fmtTime(s.startedAt)}</span> : null}
              {s.artifacts?.length ? <span>{s.artifacts.length} artifact{s.artifacts.length > 1 ? 's' : ''}</span> : null}
            </div>
            {s.message && !(r.status === 'FAILED' && s.message === r.message) ? <p class="stage-msg pre">{s.message}</p> : null}
            {s.status === 'RUNNING' && s.parts?.length
              ? s.parts.map((part) => <StageProgress key={part.part} name={`${s.stage} ${part.part}`} p={part.progress}
                  attempt={part.attempt} failure={part.lastFailure} />)
              : p && s.status === 'RUNNING' ? <StageProgress name={s.stage} p={p} /> : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * One running activity's last heartbeat; one that has reported no training step yet (waiting for a slot, loading) says
 * so. A retried one says why its last attempt failed.
 */
function StageProgress({ name, p, attempt, failure }) {
  const retrying = failure ? <span class="small"> · retrying: {failure}</span> : null;
  if (!p || !p.totalSteps) {
    return <div class="stage-progress small">{name}: {attempt > 1 ? `attempt ${attempt}, ` : ''}no training progress reported yet{retrying}</div>;
  }
  return (
    <div class="stage-progress">
      <ProgressBar value={p.step} max={p.totalSteps} label={`${name} ${p.phase}: step ${p.step} of ${p.totalSteps}`} />
      <span class="small">{name} · {p.phase} · epoch {p.epoch}/{p.epochs} · step {p.step}/{p.totalSteps} · loss {fmtNum(p.loss)}</span>
      {retrying}
    </div>
  );
}

/** Heartbeat samples {"[part ]phase": [{step, loss}]} collected while the page is open. */
function useLossSamples(r) {
  const [samples, setSamples] = useState({});
  const runId = useRef(null);
  useEffect(() => {
    if (!r) return;
    if (runId.current !== r.id) { runId.current = r.id; setSamples({}); }
    for (const s of r.stages || []) {
      if (s.status !== 'RUNNING') continue;
      const running = s.parts?.length ? s.parts.map((part) => [`${part.part} `, part.progress]) : [['', s.progress]];
      for (const [prefix, p] of running) {
        if (!p || typeof p.loss !== 'number' || !p.phase) continue;
        const key = prefix + p.phase;
        setSamples((old) => {
          const pts = old[key] || [];
          if (pts.length && pts[pts.length - 1].step >= p.step) return old;
          return { ...old, [key]: [...pts, { step: p.step, loss: p.loss }] };
        });
      }
    }
  }, [r]);
  return Object.fromEntries(Object.entries(samples).filter(([, v]) => v.length >= 2));
}

function HistoryView({ hist, r }) {
  if (hist.error && !hist.data) {
    return <ErrorBox error={hist.error} title="Temporal's history is not available" />;
  }
  if (!hist.data) return <Loading what="Loading the history" />;
  const { activities: acts, signals, count } = activities(hist.data);
  const now = r.endedAt ? new Date(r.endedAt).getTime() : Date.now();
  return (
    <>
      <div class="table-wrap">
        <table class="num-right">
          <caption class="sr-only">Activity attempts from the Temporal history</caption>
          <thead>
            <tr><th scope="col">Activity</th><th scope="col">Queue</th><th scope="col">Attempt</th><th scope="col">Worker</th>
              <th scope="col">Scheduled</th><th scope="col">Duration</th><th scope="col">Outcome</th></tr>
          </thead>
          <tbody>
            {acts.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.activity}</th>
                <td>{a.taskQueue}</td>
                <td>{a.attempt ?? '—'}</td>
                <td class="mono">{a.worker || '—'}</td>
                <td>{fmtTime(a.scheduledAt)}</td>
                <td>{fmtDuration(durationMs(a, now))}</td>
                <td>
                  <span class={`outcome o-${a.outcome.toLowerCase()}`}>{a.outcome === 'SCHEDULED' ? 'running or queued' : a.outcome.toLowerCase().replace('_', ' ')}</span>
                  {a.failure ? <div class="small err-text">{a.failure}</div> : null}
                  {a.lastFailure ? <div class="small muted">retried after: {a.lastFailure}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {signals.length ? (
        <p>Signals: {signals.map((s) => `${s.name} at ${fmtTime(s.at)}`).join('; ')}</p>
      ) : null}
      <details>
        <summary>All {count} events</summary>
        <div class="table-wrap events">
          <table>
            <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {(hist.data.events || []).map(eventSummary).map((e) => (
                <tr key={e.id}><td>{e.id}</td><td>{fmtTime(e.at)}</td><td class="mono small">{e.type}</td><td class="small">{e.text}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

/**
 * Artifact ids for the lineage links: those in the lineage of the version this run registered (three
 * requests), then each artifact not among them (checkpoints; everything of a run that registered nothing)
 * looked up by its URI.
 */
function useArtifactIds(r) {
  const [ids, setIds] = useState({});
  const key = `${r.id}:${r.status}:${r.modelVersion?.version ?? ''}`;
  useEffect(() => {
    let stop = false;
    (async () => {
      const found = {};
      if (r.modelVersion) {
        try {
          const v = await Api.version(r.modelVersion.name, r.modelVersion.version);
          found[v.artifactUri] = v.artifactId;
          const g = await Api.lineage(v.artifactId, 'upstream', 10);
          for (const n of g.nodes) if (n.type === 'artifact') found[n.attributes.uri] = n.attributes.id;
          const down = await Api.lineage(v.artifactId, 'downstream', 1); // the evaluation report
          for (const n of down.nodes) if (n.type === 'artifact') found[n.attributes.uri] = n.attributes.id;
        } catch { /* fall through to the lookup */ }
      }
      const missing = (r.stages || []).flatMap((s) => s.artifacts || []).filter((a) => !(a.uri in found));
      for (const a of missing) {
        try {
          found[a.uri] = (await Api.artifactAt(a.uri)).id;
        } catch { /* not in lineage (yet): no link */ }
      }
      if (!stop) setIds(found);
    })();
    return () => { stop = true; };
  }, [key]);
  return ids;
}

function Artifacts({ r }) {
  const ids = useArtifactIds(r);
  const rows = (r.stages || []).flatMap((s) => (s.artifacts || []).map((a) => ({ ...a, stage: s.stage })));
  if (!rows.length) return <p class="muted">No artifacts yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead><tr><th scope="col">Stage</th><th scope="col">Kind</th><th scope="col">Size</th><th scope="col">sha256</th><th scope="col">URI</th><th scope="col">Lineage</th></tr></thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.uri + a.stage}>
              <td>{a.stage}</td>
              <td>{a.kind}</td>
              <td>{fmtBytes(a.size)}</td>
              <td class="mono" title={a.sha256}>{a.sha256.slice(0, 12)}… <Copy text={a.sha256} label="Copy sha256" /></td>
              <td class="mono small uri">{a.uri}</td>
              <td>{ids[a.uri] !== undefined ? (
                <span class="links">
                  <a href={`#/lineage/${ids[a.uri]}?direction=upstream`} aria-label={`Upstream lineage of the ${a.kind} artifact`}>upstream</a>
                  <a href={`#/lineage/${ids[a.uri]}?direction=downstream`} aria-label={`Downstream lineage of the ${a.kind} artifact`}>downstream</a>
                </span>
              ) : <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Promotion({ p }) {
  return (
    <>
      <h2>Promotion</h2>
      <Notice kind={p.promoted ? 'ok' : 'info'}>
        {p.candidate ? <strong>{p.candidate.name}:{p.candidate.version} </strong> : null}
        {p.promoted ? 'became the champion' : 'was not promoted'}
        {p.previousChampion ? ` (champion before: ${p.previousChampion.name}:${p.previousChampion.version})` : ''}
        {p.decidedBy ? `, decided by ${p.decidedBy}` : ''}. {p.reason}
      </Notice>
    </>
  );
}
