// Signing in through an OIDC provider: PKCE, the state check, the provider's answer, and when to refresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REFRESH_LEAD_MS, authorizeUrl, base64url, endSessionUrl, needsRefresh, parseRedirect, pkceChallenge, randomString,
  refreshAt, stateProblem, tokensFrom,
} from './oidc.js';

test('the S256 code challenge is base64url(sha256(verifier)): RFC 7636 appendix B', async () => {
  // the appendix's 32 random octets, their base64url (the verifier), and its S256 challenge
  const octets = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
    191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  assert.equal(base64url(new Uint8Array(octets)), verifier);
  assert.equal(await pkceChallenge(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('state and code_verifier are random, 43 base64url characters', () => {
  const a = randomString();
  const b = randomString();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/, 'a PKCE verifier is 43 to 128 unreserved characters');
  assert.notEqual(a, b);
});

test('the authorization request: code flow, openid, S256 challenge, state, the console root to come back to', () => {
  const provider = { clientId: 'recflow-console', authorizationEndpoint: 'http://127.0.0.1:8180/realms/recflow/protocol/openid-connect/auth' };
  const url = new URL(authorizeUrl(provider, { state: 'st', challenge: 'ch', redirectUri: 'http://127.0.0.1:8097/' }));
  assert.equal(url.origin + url.pathname, provider.authorizationEndpoint);
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    response_type: 'code', client_id: 'recflow-console', redirect_uri: 'http://127.0.0.1:8097/', scope: 'openid',
    state: 'st', code_challenge: 'ch', code_challenge_method: 'S256',
  });
  const again = new URL(authorizeUrl(provider, { state: 'st', challenge: 'ch', redirectUri: 'http://127.0.0.1:8097/', login: true }));
  assert.equal(again.searchParams.get('prompt'), 'login');
  // an endpoint that carries a query of its own keeps it
  const kept = new URL(authorizeUrl({ ...provider, authorizationEndpoint: 'https://idp.example/auth?tenant=x' },
    { state: 's', challenge: 'c', redirectUri: 'https://console.example/' }));
  assert.equal(kept.searchParams.get('tenant'), 'x');
});

test('the provider\'s answer is read from the query string it sent the browser back with', () => {
  assert.deepEqual(parseRedirect('?state=abc&session_state=x&iss=http%3A%2F%2Fkc%2Frealms%2Fr&code=c0de.1'),
    { code: 'c0de.1', state: 'abc', iss: 'http://kc/realms/r' });
  assert.deepEqual(parseRedirect('?error=access_denied&error_description=User+cancelled&state=abc'),
    { error: 'access_denied', description: 'User cancelled', state: 'abc', iss: null });
  assert.deepEqual(parseRedirect('?error=login_required'), { error: 'login_required', description: '', state: null, iss: null });
  assert.equal(parseRedirect(''), null);
  assert.equal(parseRedirect('?code=c'), null, 'a code without a state is no answer to a sign-in');
  assert.equal(parseRedirect('?next=%2Fpipelines'), null);
});

test('an answer is used only with the state of the sign-in this tab started, from its issuer', () => {
  const pending = { state: 'abc', provider: { issuer: 'http://kc/realms/r' } };
  assert.equal(stateProblem(pending, { code: 'c', state: 'abc', iss: 'http://kc/realms/r' }), null);
  assert.equal(stateProblem(pending, { code: 'c', state: 'abc', iss: null }), null, 'a provider may leave iss out');
  assert.match(stateProblem(pending, { code: 'c', state: 'abd' }), /state does not match/);
  assert.match(stateProblem(pending, { error: 'access_denied', state: null }), /state does not match/);
  assert.match(stateProblem(pending, { code: 'c', state: 'abc', iss: 'http://evil/realms/r' }), /came from http:\/\/evil/);
  assert.match(stateProblem(null, { code: 'c', state: 'abc' }), /did not start a sign-in/);
  assert.match(stateProblem({ state: '' }, { code: 'c', state: '' }), /did not start a sign-in/);
});

test('the tokens kept, and when the access token is refreshed', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const t = tokensFrom({ access_token: 'a1', refresh_token: 'r1', id_token: 'i1', expires_in: 300 }, t0);
  assert.deepEqual(t, { accessToken: 'a1', refreshToken: 'r1', idToken: 'i1', receivedAt: t0, expiresAt: t0 + 300_000 });
  // 30 s before it expires; not before
  assert.equal(refreshAt(t), t0 + 300_000 - REFRESH_LEAD_MS);
  assert.equal(needsRefresh(t, t0 + 269_999), false);
  assert.equal(needsRefresh(t, t0 + 270_000), true);
  assert.equal(needsRefresh(t, t0 + 400_000), true, 'expired: refreshed before it is sent');
  // a short-lived token is refreshed halfway through its life
  const short = tokensFrom({ access_token: 'a', refresh_token: 'r', expires_in: 40 }, t0);
  assert.equal(refreshAt(short), t0 + 20_000);
  // without a refresh token there is nothing to refresh with
  assert.equal(needsRefresh({ ...t, refreshToken: null }, t0 + 400_000), false);
  assert.equal(needsRefresh(undefined, t0), false, 'an API-token session is never refreshed');
  // a refresh answer without a new refresh or id token keeps the earlier ones
  const next = tokensFrom({ access_token: 'a2', expires_in: 300 }, t0 + 270_000, t);
  assert.deepEqual([next.accessToken, next.refreshToken, next.idToken, next.expiresAt], ['a2', 'r1', 'i1', t0 + 570_000]);
  assert.throws(() => tokensFrom({ error: 'invalid_grant' }), /no access token/);
});

test('signing out ends the provider\'s session when it has an end-session endpoint', () => {
  const provider = { clientId: 'recflow-console', endSessionEndpoint: 'http://kc/realms/r/protocol/openid-connect/logout' };
  const url = new URL(endSessionUrl(provider, { idToken: 'i1', postLogoutRedirectUri: 'http://127.0.0.1:8097/' }));
  assert.deepEqual(Object.fromEntries(url.searchParams),
    { client_id: 'recflow-console', post_logout_redirect_uri: 'http://127.0.0.1:8097/', id_token_hint: 'i1' });
  assert.equal(new URL(endSessionUrl(provider, { postLogoutRedirectUri: 'http://x/' })).searchParams.has('id_token_hint'), false);
  assert.equal(endSessionUrl({ ...provider, endSessionEndpoint: null }, { postLogoutRedirectUri: 'http://x/' }), null);
});
