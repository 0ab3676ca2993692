// A sweep's table (GET /api/v1/sweeps/{id}) as the sweep page shows it: its children's labels, the fields they
// change, and the numbers of the metric the sweep selects by.

/** The sweep's id in a run's links.sweep ("/api/v1/sweeps/sweep-…"), or null. */
export function sweepIdOf(link) {
  if (typeof link !== 'string' || !link) return null;
  return decodeURIComponent(link.replace(/\/+$/, '').split('/').pop()) || null;
}

/** A sweep's id, short: sweep-<digest> -> its first 8 characters. */
export function shortSweepId(id) {
  return id?.startsWith('sweep-') ? id.slice(6, 14) : id;
}

/** A child's position in its sweep (1-based): its id ends with it (pipeline-<digest>-<n>); else `index + 1`. */
export function childNumber(child, index) {
  const m = /-(\d+)$/.exec(child?.runId || '');
  return m ? Number(m[1]) : index + 1;
}

/** The fields the children change (dotted paths), in the order they first appear: the table's columns. */
export function overrideColumns(children) {
  const out = [];
  for (const c of children || []) for (const k of Object.keys(c.overrides || {})) if (!out.includes(k)) out.push(k);
  return out;
}

/** An override's value as text: strings as they are, anything else as JSON. */
export function fmtValue(v) {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A child in a chart or a screen reader's sentence: "#2 experts=2" (the last part of each changed field). */
export function childLabel(child, index) {
  const changes = Object.entries(child?.overrides || {}).map(([k, v]) => `${k.split('.').pop()}=${fmtValue(v)}`);
  return [`#${childNumber(child, index)}`, ...(changes.length ? [changes.join(', ')] : [])].join(' ');
}

/** The value of `metric` in a child's `row` (validation or test), or null. */
export function metricOf(child, row, metric) {
  const v = child?.[row]?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
