import { render } from 'preact';
import { useEffect, useErrorBoundary, useRef } from 'preact/hooks';
import { navigate, useRoute } from './router.js';
import { completeSignIn, signOut, signedInVia, useSession, watchSession } from './session.js';
import { PipelinesPage } from './pages/Pipelines.jsx';
import { NewRunPage } from './pages/NewRun.jsx';
import { RunPage } from './pages/Run.jsx';
import { SweepPage, SweepsPage } from './pages/Sweeps.jsx';
import { LineagePage } from './pages/Lineage.jsx';
import { PlotsPage } from './pages/Plots.jsx';
import { RegistryPage, ModelPage } from './pages/Registry.jsx';
import { PlaygroundPage } from './pages/Playground.jsx';
import { SignInPage } from './pages/SignIn.jsx';
import { AuditPage } from './pages/Audit.jsx';
import { ApiLink } from './components/common.jsx';
import './styles.css';

const NAV = [
  ['pipelines', 'Pipelines'],
  ['sweeps', 'Sweeps'],
  ['lineage', 'Lineage'],
  ['plots', 'Plots'],
  ['models', 'Registry'],
  ['playground', 'Playground'],
  ['audit', 'Audit'],
];

function pageFor(route) {
  const [section, a, b] = route.parts;
  switch (section) {
    case 'pipelines':
      if (a === 'new') return <NewRunPage query={route.query} />;
      if (a) return <RunPage id={a} tab={b} />;
      return <PipelinesPage query={route.query} />;
    case 'sweeps': return a ? <SweepPage id={a} /> : <SweepsPage query={route.query} />;
    case 'lineage': return <LineagePage id={a} query={route.query} />;
    case 'plots': return <PlotsPage query={route.query} />;
    case 'models': return a ? <ModelPage name={a} query={route.query} /> : <RegistryPage />;
    case 'playground': return <PlaygroundPage query={route.query} />;
    case 'audit': return <AuditPage query={route.query} />;
    default: return <NotFound />;
  }
}

/** A page that throws shows what broke instead of a blank console; moving to another page resets it. */
function Boundary({ children }) {
  const [error, reset] = useErrorBoundary((e) => console.error(e));
  if (error) {
    return (
      <section>
        <h1 tabIndex={-1}>This page failed</h1>
        <div class="alert error" role="alert">{String(error?.message || error)}</div>
        <p><button type="button" class="btn" onClick={reset}>Try again</button> or <a href="#/pipelines">go to the pipelines</a>.</p>
      </section>
    );
  }
  return children;
}

function NotFound() {
  return (
    <section>
      <h1 tabIndex={-1}>Not found</h1>
      <p>There is no page here. <a href="#/pipelines">Go to the pipelines</a>.</p>
    </section>
  );
}

/** The signed-in principal and role, how they signed in, and the way out (of the provider too, for OIDC). */
function WhoBar({ s }) {
  const { who } = s;
  const via = signedInVia(s);
  const provider = s.via === 'oidc' && s.provider?.endSessionEndpoint ? s.provider.displayName || 'the provider' : null;
  const note = provider ? `You signed out of the console and of ${provider}.` : 'You signed out.';
  return (
    <div class="who">
      <span class="who-name" title={`Signed in as ${who.name}, role ${who.role}: ${who.permissions.join(', ')}`}>
        <span class="sr-only">Signed in as </span>{who.name} · {who.role}
      </span>
      <span class="who-via" title={via === 'token' ? 'Signed in with an API token' : `Signed in with ${via}`}>· via {via}</span>
      <button type="button" class="btn small sign-out"
        onClick={() => signOut(note, { kind: 'info', returnHere: true, provider: true })}>Sign out</button>
    </div>
  );
}

function App() {
  const route = useRoute();
  const s = useSession();
  const main = useRef(null);
  const first = useRef(true);
  const signingIn = route.parts[0] === 'sign-in';
  const section = signingIn ? 'sign-in' : route.parts[0] || 'pipelines';
  const routeKey = route.parts.join('/');
  // not signed in: to the sign-in page, which comes back here afterwards
  useEffect(() => {
    if (!s && !signingIn) navigate('/sign-in', { next: location.hash.replace(/^#/, '') || undefined }, { replace: true });
  }, [s, signingIn, route]);
  useEffect(() => {
    // a new page: move focus to its heading so keyboard and screen-reader users start there
    if (first.current) { first.current = false; return; }
    const h1 = main.current?.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: false }); }
    window.scrollTo(0, 0);
  }, [routeKey]);
  useEffect(() => {
    const label = section === 'sign-in' ? 'Sign in' : NAV.find(([k]) => k === section)?.[1] || 'recflow';
    document.title = `${label} · recflow`;
  }, [section]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); main.current?.querySelector('h1')?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/pipelines" aria-label="recflow console home">
          <svg width="22" height="22" viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" rx="3" fill="#fff" /><path d="M4 11l3-3 2 2 3-4" stroke="#1f4e8c" stroke-width="1.8" fill="none" /></svg>
          recflow
        </a>
        {s ? (
          <nav aria-label="Main">
            <ul>
              {NAV.map(([key, label]) => (
                <li key={key}>
                  <a href={`#/${key}`} aria-current={section === key ? 'page' : undefined}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {s ? <ApiLink class="api-link" href="/q/openapi">OpenAPI</ApiLink> : null}
        {s ? <WhoBar s={s} /> : null}
      </header>
      <main id="main" ref={main}>
        {signingIn ? <SignInPage query={route.query} />
          : s ? <Boundary key={routeKey}>{pageFor(route)}</Boundary> : null}
      </main>
    </>
  );
}

completeSignIn(); // back from the OIDC provider: its answer becomes a session (or a note on the sign-in page)
watchSession();
const root = document.getElementById('app');
root.textContent = '';
render(<App />, root);
