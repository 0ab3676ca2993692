// The REST API (/api/v1), with RFC 9457 problem+json errors turned into ApiError. Every request goes
// through api(), which sends the signed-in session's bearer token (session.js sets `auth`).

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail || problem?.title || `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.problem = problem || {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/** What a form shows of a failed request: the problem's detail, its errors and the status (0: no answer). */
export function problemOf(err) {
  const problem = err instanceof ApiError ? err : new ApiError(0, { detail: err.message });
  return { detail: problem.message, errors: problem.errors, status: problem.status };
}

/**
 * Where the bearer token comes from, and who hears of a 401 that answered it. The console's session
 * (session.js) fills these in; outside a browser (record.mjs) they are set by the caller.
 */
export const auth = {
  /**
   * The token for the next request, or null (may be a promise: an OIDC access token about to expire is
   * refreshed first); may throw an ApiError instead (a session that ran out).
   */
  token: () => null,
  /**
   * A request that carried `token` was answered 401: a token to try once more with (an OIDC session's
   * refreshed access token), or null to give up.
   */
  renew: async () => null,
  /** A request that carried token() was answered 401 (and renew() had none better): unknown, expired or revoked. */
  unauthorized: () => {},
};

/**
 * One request to the API. `headers.Authorization` given (the sign-in page checking a pasted token) is sent
 * as it is, and its 401 is the caller's to show; `anonymous` sends no token (the public auth/config);
 * otherwise the session's token is sent. With `as: 'text'` a success is answered as {text, type} (the body
 * as it came, and its content type), not parsed.
 */
export async function api(path, { method = 'GET', body, headers = {}, signal, as, anonymous = false } = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, signal };
  let token = headers.Authorization || anonymous ? null : await auth.token();
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  for (let attempt = 1; ; attempt++) {
    if (token) init.headers.Authorization = `Bearer ${token}`;
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, { detail: `cannot reach the recflow API (${e.message})` });
    }
    const text = await res.text();
    if (res.ok && as === 'text') return { text, type: res.headers.get('Content-Type') || '' };
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = res.ok ? text : { detail: text.slice(0, 300) };
      }
    }
    if (res.ok) return data;
    const error = new ApiError(res.status, data);
    if (res.status === 401 && token) {
      const fresh = attempt === 1 ? await auth.renew(token) : null;
      if (fresh && fresh !== token) {
        token = fresh;
        continue;
      }
      auth.unauthorized(error);
    }
    throw error;
  }
}

const enc = encodeURIComponent;

export const Api = {
  pipelines: (status, limit = 50) =>
    api(`/api/v1/pipelines?limit=${limit}${status ? `&status=${enc(status)}` : ''}`),
  pipeline: (id) => api(`/api/v1/pipelines/${enc(id)}`),
  history: (id) => api(`/api/v1/pipelines/${enc(id)}/history`),
  start: (spec, key) => api('/api/v1/pipelines', { method: 'POST', body: spec, headers: { 'Idempotency-Key': key } }),
  cancel: (id) => api(`/api/v1/pipelines/${enc(id)}/cancel`, { method: 'POST' }),
  /** A new run of `id` computing again from stage `from`, with `spec` (a partial spec) replacing its fields. */
  rerun: (id, from, spec) => api(`/api/v1/pipelines/${enc(id)}/rerun`, { method: 'POST', body: spec ? { from, spec } : { from } }),
  /** The signed-in caller is the one who decides: the API records it, so no actor is sent. */
  decide: (id, approve, reason) =>
    api(`/api/v1/pipelines/${enc(id)}/${approve ? 'approve' : 'reject'}`, { method: 'POST', body: { reason } }),
  /** Sweeps: [{id, model, status, message, children (a count), startedBy, startedAt, endedAt}], newest first. */
  sweeps: (status, limit = 50) =>
    api(`/api/v1/sweeps?limit=${limit}${status ? `&status=${enc(status)}` : ''}`),
  /** A sweep and its table: {id, status, selectBy, maxParallel, best, children: [{runId, overrides, status, validation, test, offered, message}], ...}. */
  sweep: (id) => api(`/api/v1/sweeps/${enc(id)}`),
  /** body: {spec, grid | runs, maxParallel?, selectBy?}; answered 202 with the sweep. */
  startSweep: (body, key) => api('/api/v1/sweeps', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
  cancelSweep: (id) => api(`/api/v1/sweeps/${enc(id)}/cancel`, { method: 'POST' }),
  lineage: (artifactId, direction, depth) =>
    api(`/api/v1/lineage/artifacts/${enc(artifactId)}?direction=${enc(direction)}&depth=${enc(depth)}`),
  /** The artifact at a URI: {id, kind, uri, sha256, size, createdAt, metadata, deletedAt}; 404 when lineage has none. */
  artifactAt: (uri) => api(`/api/v1/lineage/artifacts?uri=${enc(uri)}`),
  models: () => api('/api/v1/models'),
  foundationModels: () => api('/api/v1/foundation-models'),
  foundationModel: (name) => api(`/api/v1/foundation-models/${enc(name)}`),
  /** A model with its newest versions and alias moves (100, or `limit`): {name, aliases, serving, versionCount, versions, aliasMoveCount, aliasHistory}. */
  model: (name, limit) => api(`/api/v1/models/${enc(name)}${limit ? `?limit=${limit}` : ''}`),
  /** The versions older than `before`, newest first. */
  olderVersions: (name, before, limit = 100) => api(`/api/v1/models/${enc(name)}/versions?before=${enc(before)}&limit=${limit}`),
  /** The alias moves older than the move with id `before`, newest first. */
  olderAliasMoves: (name, before, limit = 100) =>
    api(`/api/v1/models/${enc(name)}/alias-history?before=${enc(before)}&limit=${limit}`),
  version: (name, v) => api(`/api/v1/models/${enc(name)}/versions/${enc(v)}`),
  /** A version's evaluation report: {model, version, metrics, lossCurves, ...}. */
  report: (name, v) => api(`/api/v1/models/${enc(name)}/versions/${enc(v)}/report`),
  moveAlias: (name, alias, version, reason) =>
    api(`/api/v1/models/${enc(name)}/aliases/${enc(alias)}`, { method: 'POST', body: { version, reason } }),
  recommend: (name, history, k) =>
    api(`/api/v1/models/${enc(name)}/recommendations`, { method: 'POST', body: { history, k } }),
  /** The champion's catalogue, searched: [{item, title, category}]. */
  items: (name, q, limit = 10) => api(`/api/v1/models/${enc(name)}/items?q=${enc(q)}&limit=${limit}`),
  /** Whether the platform signs in through an OIDC provider (public): {oidc: null} or {oidc: {issuer, clientId, displayName, …Endpoint}}. */
  authConfig: () => api('/api/v1/auth/config', { anonymous: true }),
  /**
   * Who a token signs in as: {name, role, permissions, fourEyes, signedInWith: 'token'|'oidc'}. With `token`,
   * that token (not the session's).
   */
  whoami: (token) => api('/api/v1/whoami', token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  /** The audit log, newest first: [{id, at, principal, role, action, target, detail}]. */
  audit: ({ target, principal, limit = 100 } = {}) =>
    api(`/api/v1/audit?limit=${enc(limit)}${target ? `&target=${enc(target)}` : ''}${principal ? `&principal=${enc(principal)}` : ''}`),
};

/** True when the endpoint is not there (yet): 404 from JAX-RS for an unknown path, or 405. */
export function missingEndpoint(e) {
  return e instanceof ApiError && (e.status === 404 || e.status === 405) && !/there is no|has no/.test(e.message);
}
