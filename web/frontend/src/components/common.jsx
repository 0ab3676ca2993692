import { STAGES, fmtDuration, since } from '../util.js';
import { ApiError, api } from '../api.js';

const STATUS_LABEL = {
  RUNNING: 'Running', WAITING_APPROVAL: 'Waiting for approval', COMPLETED: 'Completed', FAILED: 'Failed',
  CANCELED: 'Canceled', PENDING: 'Pending', SKIPPED: 'Skipped', CACHED: 'Reused', EVALUATED: 'Evaluated',
};
const STATUS_ICON = {
  RUNNING: '▶', WAITING_APPROVAL: '‖', COMPLETED: '✓', FAILED: '✕', CANCELED: '⊘', PENDING: '○', SKIPPED: '↷', CACHED: '♻', EVALUATED: '◆',
};

export function StatusBadge({ status }) {
  if (!status) return null;
  return (
    <span class={`badge s-${status.toLowerCase()}`}>
      <span aria-hidden="true">{STATUS_ICON[status] || '•'}</span> {STATUS_LABEL[status] || status}
    </span>
  );
}

export function ErrorBox({ error, title = 'Something went wrong' }) {
  if (!error) return null;
  const errors = error instanceof ApiError ? error.errors : [];
  return (
    <div class="alert error" role="alert">
      <strong>{title}:</strong> {error.message}
      {error.status ? <span class="muted"> (HTTP {error.status})</span> : null}
      {errors.length ? <ul>{errors.map((e) => <li key={e}>{e}</li>)}</ul> : null}
    </div>
  );
}

export function Notice({ kind = 'info', children }) {
  return <div class={`alert ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</div>;
}

export function Loading({ what = 'Loading' }) {
  return <p class="muted" role="status" aria-live="polite">{what}…</p>;
}

export function ProgressBar({ value, max, label }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  return (
    <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={max || 0} aria-valuenow={value || 0}
      aria-valuetext={label || `${pct.toFixed(0)}%`} aria-label={label}>
      <div class="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** Five small segments, one a stage, coloured by status; labelled for screen readers. */
export function StageStrip({ stages }) {
  const byName = Object.fromEntries((stages || []).map((s) => [s.stage, s]));
  const text = STAGES.map((n) => `${n} ${(byName[n]?.status || 'PENDING').toLowerCase()}`).join(', ');
  return (
    <span class="strip" role="img" aria-label={text} title={text}>
      {STAGES.map((n) => {
        const s = byName[n];
        const st = (s?.status || 'PENDING').toLowerCase();
        const p = s?.progress;
        const frac = st === 'running' && p?.totalSteps ? p.step / p.totalSteps : null;
        return (
          <span key={n} class={`seg s-${st}`}>
            {frac !== null ? <span class="seg-fill" style={{ width: `${Math.round(frac * 100)}%` }} /> : null}
          </span>
        );
      })}
    </span>
  );
}

export function Elapsed({ start, end }) {
  return <>{fmtDuration(since(start, end))}</>;
}

export function Copy({ text, label = 'Copy' }) {
  return (
    <button type="button" class="btn small ghost" onClick={() => navigator.clipboard?.writeText(text)}
      aria-label={label} title={label}>
      <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
        <rect x="5" y="5" width="9" height="9" rx="1.5" /><path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" />
      </svg>
    </button>
  );
}

export function Field({ id, label, help, error, children, required, wide }) {
  const helpId = help ? `${id}-help` : undefined;
  const errId = error?.length ? `${id}-err` : undefined;
  return (
    <div class={`field${wide ? ' wide' : ''}${error?.length ? ' invalid' : ''}`}>
      <label for={id}>{label}{required ? <span aria-hidden="true" class="req"> *</span> : null}</label>
      {children({ id, 'aria-describedby': [errId, helpId].filter(Boolean).join(' ') || undefined, 'aria-invalid': error?.length ? 'true' : undefined })}
      {error?.length ? <p class="field-error" id={errId}>{error.join('; ')}</p> : null}
      {help ? <p class="help" id={helpId}>{help}</p> : null}
    </div>
  );
}

/**
 * A link to one of the API's own documents (a run's JSON, the OpenAPI document): a plain link would be
 * answered 401, since it cannot carry the session's token, so a click fetches it with the token and opens
 * what came back in a new tab.
 */
export function ApiLink({ href, children, ...rest }) {
  const open = async (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const tab = window.open('', '_blank'); // now, while the click still counts, or the browser blocks it
    let text;
    let type = 'text/plain';
    try {
      const answer = await api(href, { as: 'text' });
      type = /json/.test(answer.type) ? 'application/json' : 'text/plain';
      text = answer.text;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 401) { tab?.close(); return; } // 401: signed out already
      text = JSON.stringify(err.problem, null, 2);
      type = 'application/json';
    }
    if (type === 'application/json') {
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it came */ }
    }
    const url = URL.createObjectURL(new Blob([text], { type: `${type}; charset=utf-8` }));
    if (tab) { tab.opener = null; tab.location.href = url; } else window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return <a href={href} target="_blank" rel="noopener" onClick={open} {...rest}>{children}</a>;
}

/**
 * A button the signed-in caller may not use: disabled, with the reason (`why`, naming the missing
 * permission) as its tooltip and, for screen readers, its description.
 */
export function DeniedButton({ why, class: cls = 'btn', children, id }) {
  const noteId = id ? `${id}-why` : undefined;
  return (
    <>
      <button type="button" class={cls} id={id} disabled title={why} aria-describedby={noteId}>{children}</button>
      {noteId ? <span id={noteId} class="sr-only">{why}</span> : null}
    </>
  );
}
