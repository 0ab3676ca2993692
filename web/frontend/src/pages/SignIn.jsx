import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError, missingEndpoint } from '../api.js';
import { navigate } from '../router.js';
import { nextPage, session, signIn, signInNote, startOidcSignIn, useCompleting } from '../session.js';
import { ErrorBox, Notice } from '../components/common.jsx';

/**
 * The platform's sign-in through an OIDC provider, when it has one: {oidc} as auth/config answers ({oidc:
 * null} when it has none), {error} when that could not be asked, or null while it is being asked.
 */
function useAuthConfig() {
  const [config, setConfig] = useState(null);
  useEffect(() => {
    let live = true;
    Api.authConfig().then(
      (c) => { if (live) setConfig({ oidc: c?.oidc || null }); },
      (e) => { if (live) setConfig(missingEndpoint(e) ? { oidc: null } : { oidc: null, error: e }); },
    );
    return () => { live = false; };
  }, []);
  return config;
}

/** The primary way in when the platform has an OIDC provider: its login page, and back to `next`. */
function ProviderSignIn({ provider, next }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const name = provider.displayName || 'single sign-on';
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await startOidcSignIn(provider, next); // the browser leaves for the provider
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  let host = provider.issuer;
  try { host = new URL(provider.issuer).host; } catch { /* shown as it is */ }
  return (
    <div class="panel sso">
      <button type="button" class="btn primary" onClick={start} disabled={busy}>{busy ? `Going to ${name}…` : `Sign in with ${name}`}</button>
      <p class="help">You sign in on {name} ({host}) and come back here; your role is the one {name} gives you.</p>
      <ErrorBox error={error} title={`Could not start the sign-in with ${name}`} />
    </div>
  );
}

export function SignInPage({ query }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const note = signInNote();
  const signedIn = session();
  const config = useAuthConfig();
  const completing = useCompleting();
  const provider = config?.oidc;

  const submit = async (e) => {
    e.preventDefault();
    const t = token.trim().replace(/^Bearer\s+/i, '');
    if (!t) {
      setError(new ApiError(0, { detail: 'paste an API token first' }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(t);
      setToken('');
      location.hash = `#${nextPage(query.next)}`;
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section class="sign-in">
      <h1>Sign in</h1>
      {completing ? <Notice>Signing in with {completing}…</Notice>
        : note ? <Notice kind={note.kind === 'info' ? 'info' : 'error'}>{note.text}</Notice> : null}
      {signedIn ? (
        <p>You are signed in as <strong>{signedIn.who.name}</strong> ({signedIn.who.role}); signing in again replaces
          that session. <a href={`#${nextPage(query.next)}`} onClick={(e) => { e.preventDefault(); navigate(nextPage(query.next)); }}>Go on as {signedIn.who.name}</a>.</p>
      ) : null}
      {provider && !completing ? <ProviderSignIn provider={provider} next={query.next} /> : null}
      {provider ? <h2 class="or">or paste an API token</h2> : null}
      {config?.error ? <p class="muted small">Could not ask the platform how to sign in ({config.error.message}): sign in with an API token.</p> : null}
      <form class="panel" onSubmit={submit} noValidate aria-describedby="si-about">
        <div class={`field${error ? ' invalid' : ''}`}>
          <label for="si-token">API token</label>
          <input id="si-token" type="password" value={token} autoComplete="off" spellcheck={false}
            placeholder="rft_…" aria-invalid={error ? 'true' : undefined} aria-describedby="si-help"
            onInput={(e) => setToken(e.currentTarget.value)} />
          <p class="help" id="si-help">Kept in this tab only (sessionStorage) and sent with every request the console makes.</p>
        </div>
        <ErrorBox error={error} title="The token did not sign in" />
        <div class="actions">
          <button type="submit" class={provider ? 'btn' : 'btn primary'} disabled={busy}>{busy ? 'Checking…' : 'Sign in'}</button>
        </div>
      </form>
      <div id="si-about" class="muted small">
        <p>An admin creates tokens with <code>./recflow token create --name NAME --role ROLE</code> (roles: viewer,
          runner, approver, admin, client). The platform's first start writes an admin token to <code>admin.token</code> in
          its data directory.</p>
        {provider ? <p>Signed in with {provider.displayName || 'single sign-on'}, the console renews its access token while
          you work; signing out of the console signs you out of {provider.displayName || 'it'} too.</p> : null}
        <p>A session ends when you sign out, 8 hours after signing in, or after 30 minutes without activity.</p>
      </div>
    </section>
  );
}
