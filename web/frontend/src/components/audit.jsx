import { fmtTime, shortId } from '../util.js';

/** Where an audit event's target lives in the console: a run, a model (model:alias), or nowhere (schedules, tokens). */
export function targetHref(target) {
  if (!target || /^(schedule|token|foundation-model):/.test(target)) return null;
  if (target.startsWith('pipeline-')) return `#/pipelines/${encodeURIComponent(target)}`;
  const i = target.indexOf(':');
  return i > 0 ? `#/models/${encodeURIComponent(target.slice(0, i))}` : null;
}

function Target({ target }) {
  const to = targetHref(target);
  const text = target?.startsWith('pipeline-') ? `run ${shortId(target)}` : target;
  return to ? <a href={to} class="mono" title={target}>{text}</a> : <span class="mono">{text || '—'}</span>;
}

/** Audit events, newest first (GET /api/v1/audit): who did what to which target, and when. */
export function AuditTable({ events, showTarget = true, caption }) {
  return (
    <div class="table-wrap">
      <table class="audit">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr><th scope="col">When</th><th scope="col">Principal</th><th scope="col">Role</th><th scope="col">Action</th>
            {showTarget ? <th scope="col">Target</th> : null}<th scope="col">Detail</th></tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{fmtTime(e.at)}</td>
              <td>{e.principal}</td>
              <td>{e.role}</td>
              <td class="mono">{e.action}</td>
              {showTarget ? <td><Target target={e.target} /></td> : null}
              <td class="msg">{e.detail || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
