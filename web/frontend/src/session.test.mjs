// The session's rules: when it runs out, and what the console says a role may not do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AGE_MS, MAX_IDLE_MS, expiry, missing, nextPage, signedInVia } from './session.js';

test('a session lasts 8 hours from sign-in and 30 minutes from the last activity', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const s = { signedInAt: t0, lastActiveAt: t0 };
  assert.equal(expiry(s, t0 + MAX_IDLE_MS - 1), null);
  assert.match(expiry(s, t0 + MAX_IDLE_MS), /30 minutes without activity/);
  const busy = { signedInAt: t0, lastActiveAt: t0 + MAX_AGE_MS - 60_000 };
  assert.equal(expiry(busy, t0 + MAX_AGE_MS - 1), null, 'active, within 8 hours');
  assert.match(expiry(busy, t0 + MAX_AGE_MS), /8 hours since you signed in/, 'activity does not stretch the 8 hours');
  assert.equal(expiry(null), null);
});

test('a missing permission is named with the roles that have it', () => {
  const viewer = { name: 'vera', role: 'viewer', permissions: ['read'] };
  assert.equal(missing(viewer, 'read'), null);
  assert.equal(missing(viewer, 'run', 'Starting a run'),
    'Starting a run needs the run permission (role runner or admin); you are signed in as vera (viewer)');
  assert.match(missing(viewer, 'approve'), /approve permission \(role approver or admin\)/);
  assert.match(missing(viewer, 'recommend'), /recommend permission \(role admin or client\)/);
  const admin = { name: 'admin', role: 'admin', permissions: ['admin', 'approve', 'read', 'recommend', 'run'] };
  for (const p of ['read', 'run', 'approve', 'admin', 'recommend']) assert.equal(missing(admin, p), null);
});

test('the header says how the principal signed in', () => {
  const who = { name: 'rui', role: 'runner', permissions: ['read', 'run'] };
  assert.equal(signedInVia({ token: 't', who, via: 'token' }), 'token');
  assert.equal(signedInVia({ token: 't', who }), 'token', 'a session kept before OIDC came');
  assert.equal(signedInVia({ token: 'jwt', who, via: 'oidc', provider: { displayName: 'Keycloak' } }), 'Keycloak');
  assert.equal(signedInVia({ token: 'jwt', who: { ...who, signedInWith: 'oidc' } }), 'single sign-on');
  assert.equal(signedInVia(null), null);
});

test('after signing in the console opens the page asked for, never the sign-in page', () => {
  assert.equal(nextPage('/models/x?tab=1'), '/models/x?tab=1');
  assert.equal(nextPage(undefined), '/pipelines');
  assert.equal(nextPage('/sign-in?next=%2Fmodels'), '/pipelines');
  assert.equal(nextPage('https://elsewhere.example/'), '/pipelines');
});
