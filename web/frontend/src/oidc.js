// Signing in through an OpenID Connect provider (Keycloak), as a public client: the authorization code flow
// with PKCE (S256). GET /api/v1/auth/config names the provider; the console sends its access token to the API
// like an API token (session.js keeps it, refreshes it, and ends the provider's session on sign-out).
// The parts here touch neither the page nor the storage, except `randomString` (crypto) and `tokenRequest`
// (fetch), so that they can be tested with node.

/** How long before the access token expires the console refreshes it (at most half of its lifetime). */
export const REFRESH_LEAD_MS = 30 * 1000;

/** RFC 4648 §5 base64url, no padding, of `bytes` (a Uint8Array or ArrayBuffer). */
export function base64url(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `n` random bytes as base64url: 32 bytes make a 43-character PKCE code_verifier (RFC 7636 §4.1). */
export function randomString(n = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** The S256 code_challenge of `verifier`: base64url(sha256(ascii(verifier))) (RFC 7636 §4.2). */
export async function pkceChallenge(verifier) {
  if (!globalThis.crypto?.subtle) {
    throw new Error('this browser offers no crypto.subtle here: the console must be served over https (or from localhost) to sign in this way');
  }
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** Where the provider sends the browser back to: the console's root (no query, no hash). */
export function redirectUri(loc = location) {
  return `${loc.origin}${loc.pathname}`;
}

/**
 * The provider's authorization URL that starts a sign-in. `provider` is auth/config's `oidc`; `login` asks the
 * provider for the password again even when it still has a session (prompt=login).
 */
export function authorizeUrl(provider, { state, challenge, redirectUri: redirect, login = false }) {
  const url = new URL(provider.authorizationEndpoint);
  const q = url.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', provider.clientId);
  q.set('redirect_uri', redirect);
  q.set('scope', 'openid');
  q.set('state', state);
  q.set('code_challenge', challenge);
  q.set('code_challenge_method', 'S256');
  if (login) q.set('prompt', 'login');
  return url.href;
}

/**
 * The provider's answer in the query string the browser came back with (`?code=&state=` or `?error=&state=`),
 * or null when the query is not one: {code, state, iss} or {error, description, state, iss}.
 */
export function parseRedirect(search) {
  const q = new URLSearchParams(search || '');
  const state = q.get('state');
  const iss = q.get('iss');
  if (q.has('error')) {
    return { error: q.get('error'), description: q.get('error_description') || '', state, iss };
  }
  if (q.has('code') && state !== null) return { code: q.get('code'), state, iss };
  return null;
}

/**
 * Why the provider's answer may not be used (a sentence), or null when it may: it must answer the sign-in
 * this tab started (`pending`, as startOidcSignIn keeps it: {state, provider: {issuer, ...}}), with the same
 * state and, when the provider names itself (RFC 9207 `iss`), the same issuer.
 */
export function stateProblem(pending, answer) {
  if (!pending || typeof pending.state !== 'string' || !pending.state) {
    return 'this tab did not start a sign-in (or it was already used)';
  }
  if (!answer || answer.state !== pending.state) return 'its state does not match the sign-in this tab started';
  const issuer = pending.provider?.issuer;
  if (answer.iss && issuer && answer.iss !== issuer) {
    return `it came from ${answer.iss}, not from ${issuer}`;
  }
  return null;
}

/** What the console keeps of a token response received at `now`: {accessToken, refreshToken, idToken, receivedAt, expiresAt}. */
export function tokensFrom(response, now = Date.now(), previous = {}) {
  if (!response || typeof response.access_token !== 'string') throw new Error('the provider sent no access token');
  const lifetime = Number(response.expires_in) > 0 ? Number(response.expires_in) * 1000 : 300 * 1000;
  return {
    accessToken: response.access_token,
    // a refresh answer may leave these out: the earlier ones still hold
    refreshToken: response.refresh_token || previous.refreshToken || null,
    idToken: response.id_token || previous.idToken || null,
    receivedAt: now,
    expiresAt: now + lifetime,
  };
}

/** When to refresh tokens {receivedAt, expiresAt}: 30 s before they expire, or halfway for short-lived ones. */
export function refreshAt({ receivedAt, expiresAt }) {
  const lifetime = Math.max(0, expiresAt - receivedAt);
  return expiresAt - Math.min(REFRESH_LEAD_MS, lifetime / 2);
}

/** True when an OIDC session's access token should be refreshed at `now`. */
export function needsRefresh(oidc, now = Date.now()) {
  return Boolean(oidc?.refreshToken && oidc.expiresAt && now >= refreshAt(oidc));
}

/** The provider's end-session URL (RP-initiated logout), or null when it has none. */
export function endSessionUrl(provider, { idToken, postLogoutRedirectUri }) {
  if (!provider?.endSessionEndpoint) return null;
  const url = new URL(provider.endSessionEndpoint);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.href;
}

/** An error the token endpoint answered (or not reached: `status` 0), with the provider's own words. */
export class TokenError extends Error {
  constructor(status, error, description) {
    super(description ? `${error}: ${description}` : error);
    this.status = status;
    this.error = error;
  }
}

/** POSTs `params` as a form to the provider's token endpoint; its JSON answer, or a TokenError. */
export async function tokenRequest(endpoint, params) {
  let res;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
    });
  } catch (e) {
    throw new TokenError(0, 'unreachable', `cannot reach ${endpoint} (${e.message})`);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw new TokenError(res.status, data?.error || `HTTP ${res.status}`, data?.error_description || '');
  if (!data) throw new TokenError(res.status, 'invalid_response', 'the token endpoint answered no JSON');
  return data;
}
