import { useEffect, useRef, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { fmtBytes, fmtMetric, fmtParameters, fmtTime, isHeadline, shortId, useLoad } from '../util.js';
import { ErrorBox, Loading, Notice } from '../components/common.jsx';
import { useAccess } from '../session.js';

export function RegistryPage() {
  const models = useLoad(() => Api.models(), []);
  return (
    <section>
      <div class="page-head"><h1>Model registry</h1></div>
      <ErrorBox error={models.error} title="Could not list the models" />
      {models.loading ? <Loading what="Loading the models" /> : null}
      {models.data && !models.data.length ? <p class="empty">No models yet: a completed pipeline run registers one. <a href="#/pipelines/new">Start a run</a>.</p> : null}
      {models.data?.length ? (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Model</th><th scope="col">Versions</th><th scope="col">Latest</th><th scope="col">Aliases</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.name}>
                  <th scope="row"><a href={`#/models/${encodeURIComponent(m.name)}`}>{m.name}</a></th>
                  <td>{m.versions}</td>
                  <td>v{m.latestVersion}</td>
                  <td>{Object.entries(m.aliases || {}).map(([a, v]) => <span key={a} class="badge alias">{a} → v{v}</span>)}</td>
                  <td>{fmtTime(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <FoundationModels />
    </section>
  );
}

/** Pretrained language models imported from a GGUF (POST /api/v1/foundation-models). */
function FoundationModels() {
  const models = useLoad(() => Api.foundationModels(), []);
  return (
    <>
      <h2>Foundation models</h2>
      <ErrorBox error={models.error} title="Could not list the foundation models" />
      {models.loading ? <Loading what="Loading the foundation models" /> : null}
      {models.data && !models.data.length ? (
        <p class="empty">None imported yet: <code>{'POST /api/v1/foundation-models {"name": "smollm2-135m"}'}</code> imports SmolLM2-135M.</p>
      ) : null}
      {models.data?.length ? (
        <div class="table-wrap">
          <table class="foundation">
            <thead><tr><th scope="col">Model</th><th scope="col">Architecture</th><th scope="col" class="num">Parameters</th>
              <th scope="col" class="num">Size</th><th scope="col">Source</th><th scope="col">Licence</th><th scope="col">Imported</th><th scope="col">Lineage</th></tr></thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.name}>
                  <th scope="row">{m.name}</th>
                  <td>{m.architecture}</td>
                  <td class="num">{fmtParameters(m.parameters)}</td>
                  <td class="num">{fmtBytes(m.sizeBytes)}</td>
                  <td class="mono">{m.source}</td>
                  <td>{m.licence}</td>
                  <td>{fmtTime(m.importedAt)}</td>
                  <td><a href={`#/lineage/${m.artifactId}?direction=upstream`} aria-label={`Lineage of ${m.name}`}>lineage</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function gateMetricKeys(versions) {
  const keys = new Set();
  for (const v of versions) for (const k of Object.keys(v.metrics || {})) if (isHeadline(k) && typeof v.metrics[k] === 'number') keys.add(k);
  const preferred = ['full-ranking/NDCG@10', 'full-ranking/HR@10', 'candidates/NDCG@10', 'candidates/HR@1'];
  return [...preferred.filter((k) => keys.has(k)), ...[...keys].filter((k) => !preferred.includes(k))].slice(0, 3);
}

export function ModelPage({ name }) {
  const model = useLoad(() => Api.model(name), [name]);
  const [move, setMove] = useState(null); // {alias, version}
  const [done, setDone] = useState(null);
  const cannotMove = useAccess().why('approve', 'Promoting, rolling back or moving an alias');
  const m = model.data;
  const versionPages = useOlderPages(m?.versions, (last) => Api.olderVersions(name, last.version));
  const movePages = useOlderPages(m?.aliasHistory, (last) => Api.olderAliasMoves(name, last.id));
  if (model.error && !m) return <section><h1>Model {name}</h1><ErrorBox error={model.error} title="Could not load the model" /></section>;
  if (!m) return <section><h1>Model {name}</h1><Loading what="Loading the model" /></section>;
  const champion = m.aliases?.champion;
  const versions = versionPages.rows;
  const keys = gateMetricKeys(versions);
  return (
    <section>
      <div class="page-head">
        <h1>Model {m.name}</h1>
        <span class="links">
          <a href={`#/plots?model=${encodeURIComponent(m.name)}`}>Compare versions</a>
          <a href={`#/playground?model=${encodeURIComponent(m.name)}`}>Playground</a>
        </span>
      </div>
      <div class="cards">
        {Object.entries(m.aliases || {}).map(([alias, v]) => (
          <div class="card" key={alias}><div class="muted small">alias</div><div class="big">{alias} → v{v}</div></div>
        ))}
        <div class="card"><div class="muted small">served now</div><div class="big">{m.serving ? `v${m.serving}` : 'nothing'}</div></div>
        <div class="card"><div class="muted small">versions</div><div class="big">{m.versionCount}</div></div>
      </div>
      {done ? <Notice kind="ok">{done}</Notice> : null}
      {move && !cannotMove ? (
        <AliasForm key={`${move.alias}:${move.version}`} model={{ ...m, versions }} initial={move} onCancel={() => setMove(null)}
          onDone={(text) => { setMove(null); setDone(text); model.reload(); }} />
      ) : null}
      <h2>Versions</h2>
      <div class="table-wrap">
        <table class="versions">
          <thead>
            <tr><th scope="col">Version</th><th scope="col">Aliases</th>{keys.map((k) => <th scope="col" key={k} class="num">{k}</th>)}
              <th scope="col">Created</th><th scope="col">Run</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const aliases = Object.entries(m.aliases || {}).filter(([, n]) => n === v.version).map(([a]) => a);
              const isChampion = champion === v.version;
              return (
                <tr key={v.version} class={isChampion ? 'current' : ''}>
                  <th scope="row">v{v.version}</th>
                  <td>{aliases.map((a) => <span key={a} class="badge alias">{a}</span>)}{m.serving === v.version ? <span class="badge s-running">serving</span> : null}</td>
                  {keys.map((k) => <td key={k} class="num">{fmtMetric(v.metrics?.[k])}</td>)}
                  <td>{fmtTime(v.createdAt)}</td>
                  <td>{v.runId ? <a href={`#/pipelines/${encodeURIComponent(v.runId)}`} class="mono">{shortId(v.runId)}</a> : '—'}</td>
                  <td><div class="row-actions">
                    <a href={`#/lineage/${v.artifactId}?direction=upstream`} aria-label={`Lineage of v${v.version}`}>lineage</a>
                    <a href={`#/plots?model=${encodeURIComponent(m.name)}&a=${v.version}${champion && champion !== v.version ? `&b=${champion}` : ''}`}
                      aria-label={`Compare v${v.version} with the champion`}>compare</a>
                    {!isChampion && !cannotMove ? (
                      <button type="button" class="btn small" onClick={() => setMove({ alias: 'champion', version: v.version })}
                        aria-label={`${champion && v.version < champion ? 'Roll back to' : 'Promote'} v${v.version}`}>
                        {champion && v.version < champion ? 'Roll back to this…' : 'Promote…'}
                      </button>
                    ) : null}
                  </div></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <OlderPages pages={versionPages} total={m.versionCount} what="versions" />
      {cannotMove ? <p class="muted small alias-denied">{cannotMove}.</p>
        : <p><button type="button" class="btn" onClick={() => setMove({ alias: 'champion', version: versions[0]?.version })}>Move an alias…</button></p>}
      <h2>Alias history</h2>
      {movePages.rows.length ? (
        <div class="table-wrap">
          <table class="history">
            <thead><tr><th scope="col">When</th><th scope="col">Alias</th><th scope="col">From</th><th scope="col">To</th><th scope="col">By</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {movePages.rows.map((h) => (
                <tr key={h.id}>
                  <td>{fmtTime(h.at)}</td><td>{h.alias}</td><td>{h.fromVersion ? `v${h.fromVersion}` : '—'}</td>
                  <td>v{h.toVersion}</td><td>{h.actor}</td><td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="muted">No alias has moved yet.</p>}
      <OlderPages pages={movePages} total={m.aliasMoveCount} what="alias moves" />
    </section>
  );
}

/**
 * A list the model's page holds the newest rows of: older pages are fetched on demand and shown below, until a
 * reload of the model brings a new first page.
 */
function useOlderPages(first, fetchOlderThan) {
  const [older, setOlder] = useState([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const current = useRef(first);
  current.current = first;
  useEffect(() => { setOlder([]); setError(null); }, [first]);
  const rows = [...(first || []), ...older];
  const more = async () => {
    setBusy(true); setError(null);
    try {
      const page = await fetchOlderThan(rows[rows.length - 1]);
      // a page asked for before the model was reloaded would continue the old first page, not the new one
      if (current.current === first) setOlder((shown) => [...shown, ...page]);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return { rows, more, busy, error };
}

function OlderPages({ pages, total, what }) {
  if (pages.rows.length >= total && !pages.error) return null;
  return (
    <div class="older-pages">
      <ErrorBox error={pages.error} title={`Could not load older ${what}`} />
      {pages.rows.length < total ? (
        <p class="muted small">The newest {pages.rows.length} of {total} {what}.{' '}
          <button type="button" class="btn small" onClick={pages.more} disabled={pages.busy}>
            {pages.busy ? 'Loading…' : `Show older ${what}`}
          </button>
        </p>
      ) : null}
    </div>
  );
}

function AliasForm({ model, initial, onCancel, onDone }) {
  const me = useAccess().who?.name;
  const [alias, setAlias] = useState(initial.alias);
  const [version, setVersion] = useState(String(initial.version ?? ''));
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState({});
  const reasonRef = useRef(null);
  useEffect(() => { reasonRef.current?.focus(); }, [initial]);
  const current = model.aliases?.[alias];
  const rollback = current && Number(version) < current;
  const submit = async (e) => {
    e.preventDefault();
    const p = {};
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(alias)) p.alias = 'lower-case letters, digits and -, e.g. champion';
    if (!version) p.version = 'pick a version';
    if (!reason.trim()) p.reason = 'is required: it goes into the alias\'s audit log';
    setProblems(p);
    if (Object.keys(p).length) return;
    setBusy(true); setError(null);
    try {
      await Api.moveAlias(model.name, alias, Number(version), reason.trim());
      onDone(`${alias} now points at ${model.name}:${version}${current ? ` (was v${current})` : ''}.`);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <form class="panel alias-form" onSubmit={submit} aria-labelledby="alias-form-title" noValidate>
      <h2 id="alias-form-title">{rollback ? 'Roll back' : 'Promote'}: move an alias of {model.name}</h2>
      <div class="grid">
        <div class={`field${problems.alias ? ' invalid' : ''}`}><label for="al-alias">Alias</label>
          <input id="al-alias" value={alias} list="al-aliases" onInput={(e) => setAlias(e.currentTarget.value)} aria-invalid={problems.alias ? 'true' : undefined} aria-describedby={problems.alias ? 'al-alias-err' : undefined} />
          <datalist id="al-aliases">{Object.keys(model.aliases || { champion: 1 }).map((a) => <option key={a} value={a} />)}</datalist>
          {problems.alias ? <p class="field-error" id="al-alias-err">{problems.alias}</p> : null}
          <p class="help">now {current ? `v${current}` : 'unset'}</p></div>
        <div class={`field${problems.version ? ' invalid' : ''}`}><label for="al-version">Version</label>
          <select id="al-version" value={version} onChange={(e) => setVersion(e.currentTarget.value)} aria-invalid={problems.version ? 'true' : undefined}>
            {[...model.versions].sort((a, b) => b.version - a.version).map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
          </select>
          {problems.version ? <p class="field-error">{problems.version}</p> : null}</div>
        <div class={`field wide${problems.reason ? ' invalid' : ''}`}><label for="al-reason">Reason <span class="req" aria-hidden="true">*</span></label>
          <input id="al-reason" ref={reasonRef} value={reason} onInput={(e) => setReason(e.currentTarget.value)}
            aria-invalid={problems.reason ? 'true' : undefined} aria-describedby={problems.reason ? 'al-reason-err' : 'al-reason-help'} />
          {problems.reason ? <p class="field-error" id="al-reason-err">{problems.reason}</p> : null}
          <p class="help" id="al-reason-help">Recorded in the alias history and the audit log, as {me}.</p></div>
      </div>
      <ErrorBox error={error} title="The alias did not move" />
      <div class="actions">
        <button type="submit" class="btn primary" disabled={busy}>{rollback ? `Roll ${alias} back to v${version}` : `Point ${alias} at v${version}`}</button>
        <button type="button" class="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
