// api(): the bearer token it sends, and a 401 that a renewed token (an OIDC session's refresh) answers once more.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError, api, auth } from './api.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  auth.token = () => null;
  auth.renew = async () => null;
  auth.unauthorized = () => {};
});

/** A fetch that answers 401 to every token but `good`, and records the tokens it was sent. */
function platform(good) {
  const sent = [];
  globalThis.fetch = async (path, init) => {
    const token = init.headers.Authorization?.replace(/^Bearer /, '') ?? null;
    sent.push([path, token]);
    if (path === '/api/v1/auth/config') return new Response(JSON.stringify({ oidc: null }), { status: 200 });
    return token === good
      ? new Response(JSON.stringify({ ok: true }), { status: 200 })
      : new Response(JSON.stringify({ status: 401, detail: 'the bearer token is unknown, expired or revoked' }), { status: 401 });
  };
  return sent;
}

test('a 401 is tried once more with a renewed token; only then does the session hear of it', async () => {
  const sent = platform('fresh');
  let unauthorized = 0;
  auth.token = async () => 'stale';
  auth.renew = async (token) => (token === 'stale' ? 'fresh' : null);
  auth.unauthorized = () => { unauthorized += 1; };
  assert.deepEqual(await api('/api/v1/models', { method: 'POST', body: { a: 1 } }), { ok: true });
  assert.deepEqual(sent, [['/api/v1/models', 'stale'], ['/api/v1/models', 'fresh']]);
  assert.equal(unauthorized, 0);

  // renewed, and still refused: given up after the second try
  sent.length = 0;
  auth.renew = async () => 'also-bad';
  await assert.rejects(api('/api/v1/models'), (e) => e instanceof ApiError && e.status === 401);
  assert.deepEqual(sent.map(([, t]) => t), ['stale', 'also-bad']);
  assert.equal(unauthorized, 1);

  // nothing to renew with (an API token): given up at once
  sent.length = 0;
  auth.renew = async () => null;
  await assert.rejects(api('/api/v1/models'), /unknown, expired or revoked/);
  assert.deepEqual(sent.map(([, t]) => t), ['stale']);
  assert.equal(unauthorized, 2);
});

test('a token given by the caller is not renewed, and auth/config is asked without a token', async () => {
  const sent = platform('good');
  let renewed = 0;
  auth.token = () => 'session-token';
  auth.renew = async () => { renewed += 1; return 'good'; };
  await assert.rejects(Api.whoami('pasted'), (e) => e.status === 401);
  assert.deepEqual(await Api.authConfig(), { oidc: null });
  assert.deepEqual(sent, [['/api/v1/whoami', 'pasted'], ['/api/v1/auth/config', null]]);
  assert.equal(renewed, 0);
});
