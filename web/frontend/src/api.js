// The REST API (/api/v1), with RFC 9457 problem+json errors turned into ApiError.

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail || problem?.title || `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.problem = problem || {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: `cannot reach the recflow API (${e.message})` });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = res.ok ? text : { detail: text.slice(0, 300) };
    }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

const enc = encodeURIComponent;

export const Api = {
  pipelines: (status, limit = 50) =>
    api(`/api/v1/pipelines?limit=${limit}${status ? `&status=${enc(status)}` : ''}`),
  pipeline: (id) => api(`/api/v1/pipelines/${enc(id)}`),
  history: (id) => api(`/api/v1/pipelines/${enc(id)}/history`),
  start: (spec, key) => api('/api/v1/pipelines', { method: 'POST', body: spec, headers: { 'Idempotency-Key': key } }),
  cancel: (id) => api(`/api/v1/pipelines/${enc(id)}/cancel`, { method: 'POST' }),
  decide: (id, approve, actor, reason) =>
    api(`/api/v1/pipelines/${enc(id)}/${approve ? 'approve' : 'reject'}`, { method: 'POST', body: { actor, reason } }),
  lineage: (artifactId, direction, depth) =>
    api(`/api/v1/lineage/artifacts/${enc(artifactId)}?direction=${enc(direction)}&depth=${enc(depth)}`),
  /** Proposed: GET /api/v1/lineage/artifacts?sha256= -> [{id, kind, uri, sha256, size, createdAt}]. */
  artifactsBySha: (sha256) => api(`/api/v1/lineage/artifacts?sha256=${enc(sha256)}`),
  models: () => api('/api/v1/models'),
  foundationModels: () => api('/api/v1/foundation-models'),
  foundationModel: (name) => api(`/api/v1/foundation-models/${enc(name)}`),
  model: (name) => api(`/api/v1/models/${enc(name)}`),
  version: (name, v) => api(`/api/v1/models/${enc(name)}/versions/${enc(v)}`),
  /** Proposed: GET /api/v1/models/{name}/versions/{v}/report -> {model, version, metrics, lossCurves}. */
  report: (name, v) => api(`/api/v1/models/${enc(name)}/versions/${enc(v)}/report`),
  moveAlias: (name, alias, version, reason, actor) =>
    api(`/api/v1/models/${enc(name)}/aliases/${enc(alias)}`, { method: 'POST', body: { version, reason, actor } }),
  recommend: (name, history, k) =>
    api(`/api/v1/models/${enc(name)}/recommendations`, { method: 'POST', body: { history, k } }),
  /** Proposed: GET /api/v1/models/{name}/items?q=&limit= -> [{item, title, category}]. */
  items: (name, q, limit = 10) => api(`/api/v1/models/${enc(name)}/items?q=${enc(q)}&limit=${limit}`),
};

/** True when the endpoint is not there (yet): 404 from JAX-RS for an unknown path, or 405. */
export function missingEndpoint(e) {
  return e instanceof ApiError && (e.status === 404 || e.status === 405) && !/there is no|has no/.test(e.message);
}
