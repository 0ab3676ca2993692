// The console's sign-in session, kept in sessionStorage (this tab only; gone when the tab closes) and sent as
// the bearer token of every API call. It holds either an API token pasted on the sign-in page or, when the
// platform names an OpenID Connect provider (GET /api/v1/auth/config), the access token the provider issued
// after the authorization code flow with PKCE (oidc.js); both are checked with GET /api/v1/whoami. An OIDC
// session also keeps the refresh token and the access token's expiry, and refreshes the access token 30 s
// before it expires (and once on a 401). A session ends on sign-out (an OIDC one ends the provider's session
// too), on any 401 from the API, when a refresh fails, 8 hours after sign-in, or after 30 minutes without the
// person doing anything (the pages' own polling does not count); the sign-in page then says why, and signing
// in again returns to the page that was open.
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError, auth } from './api.js';
import { href, navigate } from './router.js';
import {
  authorizeUrl, endSessionUrl, needsRefresh, parseRedirect, pkceChallenge, randomString, redirectUri, stateProblem,
  tokenRequest, tokensFrom,
} from './oidc.js';

export const MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const MAX_IDLE_MS = 30 * 60 * 1000;
const KEY = 'recflow.session';
const NOTE = 'recflow.sign-in-note';
/** A sign-in with the provider under way: {state, verifier, next, redirectUri, provider}. */
const PENDING = 'recflow.oidc-pending';
/** Where to go when the provider's sign-out sends the browser back to the console's root. */
const RETURN = 'recflow.return-to';
/** An OIDC session ended without ending the provider's: the next sign-in asks for the password again. */
const LOGIN_AGAIN = 'recflow.oidc-login-again';
/** How often a person's activity is written down (activity is checked every time). */
const TOUCH_EVERY_MS = 10 * 1000;

/** The roles holding each permission, as the API grants them (Role.java): for saying who could do it. */
export const HOLDERS = {
  read: ['viewer', 'runner', 'approver', 'admin'],
  run: ['runner', 'admin'],
  approve: ['approver', 'admin'],
  admin: ['admin'],
  recommend: ['admin', 'client'],
};

/** Why the session `s` is over at `now` (a sentence for the sign-in page), or null while it holds. */
export function expiry(s, now = Date.now()) {
  if (!s) return null;
  if (now - s.signedInAt >= MAX_AGE_MS) return 'Your session ended: it is 8 hours since you signed in. Sign in again.';
  if (now - s.lastActiveAt >= MAX_IDLE_MS) return 'You were signed out after 30 minutes without activity. Sign in again.';
  return null;
}

/**
 * Why `who` (whoami's answer) may not do what needs `permission`, for a tooltip or a note; null when it may.
 * `what` names the action: "Starting a run".
 */
export function missing(who, permission, what = 'This') {
  if (who?.permissions?.includes(permission)) return null;
  const roles = HOLDERS[permission] || [];
  return `${what} needs the ${permission} permission (role ${roles.join(' or ')}); you are signed in as `
    + `${who?.name ?? 'nobody'} (${who?.role ?? 'no role'})`;
}

const storage = () => (typeof sessionStorage === 'undefined' ? null : sessionStorage);

function read(key) {
  try {
    return JSON.parse(storage()?.getItem(key) || 'null');
  } catch {
    return null;
  }
}

function load() {
  const s = read(KEY);
  return s && typeof s.token === 'string' && s.who ? s : null;
}

let current = load();
const listeners = new Set();

/** Writes the session down (without telling the page: its token or clock changed, not who is signed in). */
function persist() {
  if (current) storage()?.setItem(KEY, JSON.stringify(current));
  else storage()?.removeItem(KEY);
}

function save() {
  persist();
  for (const l of listeners) l(current);
}

/**
 * The signed-in session, or null: {token, who, signedInAt, lastActiveAt, via: 'token'|'oidc'}, and for OIDC
 * also `provider` (auth/config's oidc) and `oidc` {refreshToken, idToken, receivedAt, expiresAt}.
 */
export function session() {
  return current;
}

/** How the session signed in, for the header: the provider's name ("Keycloak") or "token". */
export function signedInVia(s = current) {
  if (!s) return null;
  if (s.via === 'oidc' || s.who?.signedInWith === 'oidc') return s.provider?.displayName || 'single sign-on';
  return 'token';
}

/** The note the sign-in page shows, {text, kind}: why the last session ended. */
export function signInNote() {
  return read(NOTE);
}

function setNote(text, kind = 'error') {
  if (text) storage()?.setItem(NOTE, JSON.stringify({ text, kind }));
  else storage()?.removeItem(NOTE);
}

/** Where to go after signing in: the page the person was on (a console route), else the runs. */
export function nextPage(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('/sign-in') ? next : '/pipelines';
}

/** Checks `token` with whoami and, when it signs in, starts a session with it; throws the API's error if not. */
export async function signIn(token) {
  const who = await Api.whoami(token);
  const now = Date.now();
  current = { token, who, signedInAt: now, lastActiveAt: now, via: 'token' };
  setNote(null);
  save();
  return who;
}

/**
 * Starts signing in with the provider (auth/config's `oidc`): keeps a random state and PKCE code_verifier in
 * this tab, and sends the browser to the provider's login, which comes back to the console's root
 * (completeSignIn takes it from there). `next` is the page to open afterwards.
 */
export async function startOidcSignIn(provider, next) {
  const state = randomString();
  const verifier = randomString();
  const challenge = await pkceChallenge(verifier);
  const redirect = redirectUri();
  const { issuer, clientId, displayName, authorizationEndpoint, tokenEndpoint, endSessionEndpoint } = provider;
  storage()?.setItem(PENDING, JSON.stringify({
    state, verifier, next: nextPage(next), redirectUri: redirect, startedAt: Date.now(),
    provider: { issuer, clientId, displayName, authorizationEndpoint, tokenEndpoint, endSessionEndpoint: endSessionEndpoint || null },
  }));
  const login = storage()?.getItem(LOGIN_AGAIN) === '1';
  location.assign(authorizeUrl(provider, { state, challenge, redirectUri: redirect, login }));
}

let completing = null; // the provider's name while its answer is being turned into a session
const progressListeners = new Set();

function setCompleting(name) {
  completing = name;
  for (const l of progressListeners) l(name);
}

/** The provider's name while the console completes a sign-in with it (the sign-in page says so), else null. */
export function useCompleting() {
  return useNotified(progressListeners, () => completing);
}

/**
 * On load: when the provider sent the browser back (`?code=&state=` or `?error=`), takes its answer off the
 * address bar at once, shows the sign-in page, and returns the promise that completes the sign-in (checks the
 * state, exchanges the code for tokens, checks the access token with whoami) and then opens the page asked
 * for; or shows why not. Back from the provider's sign-out, opens the sign-in page it left. Else null.
 */
export function completeSignIn() {
  const stash = storage()?.getItem(RETURN);
  storage()?.removeItem(RETURN);
  const answer = parseRedirect(location.search);
  if (!answer) {
    if (stash && !location.hash) history.replaceState(null, '', `${location.pathname}${stash}`);
    return null;
  }
  const pending = read(PENDING);
  storage()?.removeItem(PENDING); // one answer per sign-in started
  const next = nextPage(pending?.next);
  history.replaceState(null, '', `${location.pathname}${href('/sign-in', { next })}`);
  const name = pending?.provider?.displayName || 'the identity provider';
  setCompleting(name);
  return finishSignIn(answer, pending, name, next).finally(() => setCompleting(null));
}

async function finishSignIn(answer, pending, name, next) {
  const Name = name.charAt(0).toUpperCase() + name.slice(1); // to start a sentence with
  const back = (text) => {
    setNote(text);
    navigate('/sign-in', { next }, { replace: true });
  };
  const problem = stateProblem(pending, answer);
  if (problem) return back(`The sign-in with ${name} did not complete: ${problem}. Sign in again.`);
  if (answer.error) {
    return back(`${Name} did not sign you in: ${answer.description ? `${answer.description} (${answer.error})` : answer.error}.`);
  }
  const { provider } = pending;
  let tokens;
  try {
    tokens = tokensFrom(await tokenRequest(provider.tokenEndpoint, {
      grant_type: 'authorization_code', code: answer.code, redirect_uri: pending.redirectUri,
      client_id: provider.clientId, code_verifier: pending.verifier,
    }));
  } catch (e) {
    return back(`${Name} signed you in, but the console could not get its tokens: ${e.message}. Sign in again.`);
  }
  let who;
  try {
    who = await Api.whoami(tokens.accessToken);
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
      return back(`${Name} signed you in, but recflow could not check the account: ${e.message}. Sign in again.`);
    }
    // refused: end the provider's session too, so that the next sign-in may use another account
    const text = `${Name} signed you in, but recflow refused the account: ${e.message} (HTTP ${e.status}).`;
    const url = endSessionUrl(provider, { idToken: tokens.idToken, postLogoutRedirectUri: pending.redirectUri });
    if (!url) {
      storage()?.setItem(LOGIN_AGAIN, '1');
      return back(text);
    }
    setNote(text);
    storage()?.setItem(RETURN, href('/sign-in', { next }));
    location.assign(url);
    return undefined;
  }
  const now = Date.now();
  current = {
    token: tokens.accessToken, who, signedInAt: now, lastActiveAt: now, via: 'oidc', provider,
    oidc: { refreshToken: tokens.refreshToken, idToken: tokens.idToken, receivedAt: tokens.receivedAt, expiresAt: tokens.expiresAt },
  };
  setNote(null);
  storage()?.removeItem(LOGIN_AGAIN);
  save();
  navigate(next, undefined, { replace: true });
  return who;
}

/**
 * Ends the session and goes to the sign-in page, which shows `note` (an error unless `kind` says otherwise).
 * With `returnHere`, signing in again comes back to the page open now. With `provider`, an OIDC session's
 * provider session ends too: the browser goes to its end-session endpoint, which sends it back here.
 */
export function signOut(note, { returnHere = false, kind = 'error', provider = false } = {}) {
  const here = location.hash.replace(/^#/, '');
  const ended = current;
  current = null;
  save();
  setNote(note, kind);
  const next = returnHere && here && !here.startsWith('/sign-in') ? here : undefined;
  if (ended?.via === 'oidc') {
    const url = provider
      ? endSessionUrl(ended.provider, { idToken: ended.oidc?.idToken, postLogoutRedirectUri: redirectUri() })
      : null;
    if (url) {
      storage()?.setItem(RETURN, href('/sign-in', { next }));
      location.assign(url);
      return;
    }
    // the provider's session may still hold: the next sign-in asks for the password anyway
    storage()?.setItem(LOGIN_AGAIN, '1');
  }
  navigate('/sign-in', { next }, { replace: true });
}

/** Ends a session that ran out; true when it did. */
function endIfExpired() {
  const why = expiry(current);
  if (why) signOut(why, { returnHere: true });
  return Boolean(why);
}

let refreshing = null;
/** True while the session `s` (perhaps an earlier copy of it) is still the one signed in. */
const same = (s) => Boolean(current && current.signedInAt === s.signedInAt && current.via === s.via);

/**
 * Refreshes an OIDC session's access token at the provider (grant_type=refresh_token); the new token, or null.
 * One at a time. When it fails, the session ends and the sign-in page says why, unless the provider was
 * merely out of reach while the access token still holds (the next check tries again).
 */
function refresh() {
  const s = current;
  if (!s?.oidc?.refreshToken || !s.provider?.tokenEndpoint) return Promise.resolve(null);
  if (refreshing) return refreshing;
  refreshing = tokenRequest(s.provider.tokenEndpoint, {
    grant_type: 'refresh_token', refresh_token: s.oidc.refreshToken, client_id: s.provider.clientId,
  }).then((answer) => {
    if (!same(s)) return current?.token ?? null; // signed out (or in again) meanwhile
    const t = tokensFrom(answer, Date.now(), current.oidc);
    current.token = t.accessToken;
    current.oidc = { refreshToken: t.refreshToken, idToken: t.idToken, receivedAt: t.receivedAt, expiresAt: t.expiresAt };
    persist();
    return current.token;
  }).catch((e) => {
    if (!same(s)) return current?.token ?? null;
    if (e.status === 0 && Date.now() < s.oidc.expiresAt - 1000) return s.token;
    signOut(`Your ${signedInVia(s)} session ended: the console could not refresh its access token (${e.message}). Sign in again.`,
      { returnHere: true });
    return null;
  }).finally(() => { refreshing = null; });
  return refreshing;
}

/** Checks the session: ends it when it ran out, refreshes an access token about to expire. */
function check() {
  if (!current || endIfExpired()) return;
  if (needsRefresh(current.oidc)) refresh();
}

/** The person did something (input, opening a page): the idle clock starts again, unless the session is over. */
function touch() {
  if (!current || endIfExpired()) return;
  const now = Date.now();
  if (now - current.lastActiveAt < TOUCH_EVERY_MS) return;
  current.lastActiveAt = now;
  persist();
}

const ended = () => new ApiError(401, { title: 'Unauthorized', status: 401, detail: signInNote()?.text });

// api.js sends the session's token (refreshed first when it is about to expire), and hears of the 401s
// that answer it: an OIDC session refreshes its token once and tries again before it gives up.
auth.token = async () => {
  if (!current) return null;
  if (endIfExpired()) throw ended();
  if (needsRefresh(current.oidc)) await refresh();
  if (!current) throw ended();
  return current.token;
};
auth.renew = async (token) => {
  if (!current?.oidc?.refreshToken) return null;
  if (current.token !== token) return current.token; // refreshed meanwhile
  const fresh = await refresh();
  return fresh && fresh !== token ? fresh : null;
};
auth.unauthorized = (error) => {
  if (current) signOut(`The API no longer accepts this session's token: ${error.message}`, { returnHere: true });
};

let watching = false;

/**
 * Watches the session in the page: a person's input or moving to another page resets the idle clock; a
 * check every 15 s (and when the tab comes back) ends a session that ran out and refreshes an OIDC access
 * token about to expire; the token is checked again with whoami on load.
 */
export function watchSession() {
  if (watching) return;
  watching = true;
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    window.addEventListener(type, touch, { capture: true, passive: true });
  }
  setInterval(check, 15 * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) check(); });
  window.addEventListener('hashchange', touch); // opening another page is activity too
  if (current && !endIfExpired()) {
    touch(); // and so is loading one
    const s = current;
    Api.whoami().then((who) => {
      if (same(s)) { current = { ...current, who }; save(); } // unless another sign-in replaced it meanwhile
    }).catch(() => { /* a 401 has signed out already; anything else: the next call says so */ });
  }
}

/** The session, re-rendering on sign-in and sign-out. */
export function useSession() {
  return useNotified(listeners, () => current);
}

/** `value()` as state, re-rendered whenever `listeners` (a Set of setters) are told of a new value. */
function useNotified(listeners, value) {
  const [v, set] = useState(value());
  useEffect(() => {
    listeners.add(set);
    set(value());
    return () => { listeners.delete(set); };
  }, []);
  return v;
}

/** What the signed-in caller may do: `why(permission, what)` is null when it may, else the reason it may not. */
export function useAccess() {
  const s = useSession();
  const who = s?.who;
  return {
    who,
    can: (permission) => Boolean(who?.permissions?.includes(permission)),
    why: (permission, what) => missing(who, permission, what),
  };
}
