import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { navigate } from '../router.js';
import { session, signIn, signInNote } from '../session.js';
import { ErrorBox, Notice } from '../components/common.jsx';

/** Where to go after signing in: the page the person was on (a console route), else the runs. */
function nextPage(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('/sign-in') ? next : '/pipelines';
}

export function SignInPage({ query }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const note = signInNote();
  const signedIn = session();

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
      {note ? <Notice kind={note.kind === 'info' ? 'info' : 'error'}>{note.text}</Notice> : null}
      {signedIn ? (
        <p>You are signed in as <strong>{signedIn.who.name}</strong> ({signedIn.who.role}); signing in with another token
          replaces that session. <a href={`#${nextPage(query.next)}`} onClick={(e) => { e.preventDefault(); navigate(nextPage(query.next)); }}>Go on as {signedIn.who.name}</a>.</p>
      ) : null}
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
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Checking…' : 'Sign in'}</button>
        </div>
      </form>
      <div id="si-about" class="muted small">
        <p>An admin creates tokens with <code>./recflow token create --name NAME --role ROLE</code> (roles: viewer,
          runner, approver, admin, client). The platform's first start writes an admin token to <code>admin.token</code> in
          its data directory.</p>
        <p>A session ends when you sign out, 8 hours after signing in, or after 30 minutes without activity.</p>
      </div>
    </section>
  );
}
