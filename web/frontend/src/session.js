// The console's sign-in session: an API token pasted on the sign-in page, checked with GET /api/v1/whoami and
// kept in sessionStorage (this tab only; gone when the tab closes), sent as the bearer token of every API call.
// A session ends on sign-out, on any 401 from the API, 8 hours after sign-in, or after 30 minutes without the
// person doing anything (the pages' own polling does not count); the sign-in page then says why, and signing in
// again returns to the page that was open.
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError, auth } from './api.js';
import { navigate } from './router.js';

export const MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const MAX_IDLE_MS = 30 * 60 * 1000;
const KEY = 'recflow.session';
const NOTE = 'recflow.sign-in-note';
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

function load() {
  try {
    const s = JSON.parse(storage()?.getItem(KEY) || 'null');
    return s && typeof s.token === 'string' && s.who ? s : null;
  } catch {
    return null;
  }
}

let current = load();
const listeners = new Set();

function save() {
  if (current) storage()?.setItem(KEY, JSON.stringify(current));
  else storage()?.removeItem(KEY);
  for (const l of listeners) l(current);
}

/** The signed-in session {token, who, signedInAt, lastActiveAt}, or null. */
export function session() {
  return current;
}

/** The note the sign-in page shows, {text, kind}: why the last session ended. */
export function signInNote() {
  try {
    return JSON.parse(storage()?.getItem(NOTE) || 'null');
  } catch {
    return null;
  }
}

/** Checks `token` with whoami and, when it signs in, starts a session with it; throws the API's error if not. */
export async function signIn(token) {
  const who = await Api.whoami(token);
  const now = Date.now();
  current = { token, who, signedInAt: now, lastActiveAt: now };
  storage()?.removeItem(NOTE);
  save();
  return who;
}

/**
 * Ends the session and goes to the sign-in page, which shows `note` (an error unless `kind` says otherwise).
 * With `returnHere`, signing in again comes back to the page open now.
 */
export function signOut(note, { returnHere = false, kind = 'error' } = {}) {
  const here = location.hash.replace(/^#/, '');
  current = null;
  save();
  if (note) storage()?.setItem(NOTE, JSON.stringify({ text: note, kind }));
  else storage()?.removeItem(NOTE);
  const next = returnHere && here && !here.startsWith('/sign-in') ? here : undefined;
  navigate('/sign-in', { next }, { replace: true });
}

/** Ends a session that ran out; true when it did. */
function endIfExpired() {
  const why = expiry(current);
  if (why) signOut(why, { returnHere: true });
  return Boolean(why);
}

/** The person did something (input, opening a page): the idle clock starts again, unless the session is over. */
function touch() {
  if (!current || endIfExpired()) return;
  const now = Date.now();
  if (now - current.lastActiveAt < TOUCH_EVERY_MS) return;
  current.lastActiveAt = now;
  storage()?.setItem(KEY, JSON.stringify(current));
}

// api.js sends the session's token, and hears of the 401s that answer it.
auth.token = () => {
  if (!current) return null;
  if (endIfExpired()) throw new ApiError(401, { title: 'Unauthorized', status: 401, detail: signInNote()?.text });
  return current.token;
};
auth.unauthorized = (error) => {
  if (current) signOut(`The API no longer accepts this session's token: ${error.message}`, { returnHere: true });
};

let watching = false;

/**
 * Watches the session in the page: a person's input or moving to another page resets the idle clock; a
 * check every 15 s (and when the tab comes back) ends a session that ran out; the token is checked again
 * with whoami on load.
 */
export function watchSession() {
  if (watching) return;
  watching = true;
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    window.addEventListener(type, touch, { capture: true, passive: true });
  }
  setInterval(endIfExpired, 15 * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) endIfExpired(); });
  window.addEventListener('hashchange', touch); // opening another page is activity too
  if (current && !endIfExpired()) {
    touch(); // and so is loading one
    Api.whoami().then((who) => {
      if (current) { current = { ...current, who }; save(); }
    }).catch(() => { /* a 401 has signed out already; anything else: the next call says so */ });
  }
}

/** The session, re-rendering on sign-in and sign-out. */
export function useSession() {
  const [s, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    set(current);
    return () => { listeners.delete(set); };
  }, []);
  return s;
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
