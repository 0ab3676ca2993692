import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { navigate } from '../router.js';
import { fmtBytes, fmtTime, useLoad } from '../util.js';
import { ErrorBox, Loading } from '../components/common.jsx';
import { LineageGraph, kindColor, nodeTitle } from '../components/LineageGraph.jsx';

/** The depth asked for: 10 when none is given (0, the artifact alone, is one). */
const depthOf = (value) => (value === undefined || value === null || String(value).trim() === ''
  || !Number.isFinite(Number(value)) ? 10 : Number(value));

export function LineagePage({ id, query }) {
  const direction = query.direction === 'downstream' ? 'downstream' : 'upstream';
  const depth = depthOf(query.depth);
  const graph = useLoad(() => (id ? Api.lineage(id, direction, depth) : Promise.resolve(null)), [id, direction, depth]);
  const [selected, setSelected] = useState(null);
  useEffect(() => setSelected(id ? `artifact:${id}` : null), [id, direction, depth]);
  const go = (next) => navigate(`/lineage/${next.id ?? id ?? ''}`, {
    direction: next.direction ?? direction, depth: (next.depth ?? depth) === 10 ? '' : next.depth ?? depth,
  });
  const g = graph.data;
  const sel = g?.nodes.find((n) => n.id === selected);
  return (
    <section>
      <div class="page-head"><h1>Lineage</h1></div>
      <p class="lead">Which data, tokenizer, code and configuration made an artifact (upstream), and what else used it
        (downstream).</p>
      <Picker id={id} direction={direction} depth={depth} go={go} />
      {!id ? <p class="muted">Pick an artifact id, or a model version, to see its lineage.</p> : null}
      <ErrorBox error={graph.error} title="Could not load the lineage" />
      {id && graph.loading ? <Loading what="Loading the lineage" /> : null}
      {g ? (
        <div class="lineage-layout">
          <div>
            <p class="muted small" aria-live="polite">
              {g.nodes.length} nodes, {g.edges.length} edges, {direction} of artifact {id}, depth {g.depth}.
              {g.truncated ? ' Cut at the nearest nodes: a lower depth shows all within it.' : ''}
              {' '}<button type="button" class="btn small" onClick={() => go({ direction: direction === 'upstream' ? 'downstream' : 'upstream' })}>
                Show {direction === 'upstream' ? 'downstream' : 'upstream'}</button>
            </p>
            <LineageGraph graph={g} rootId={Number(id)} selected={selected} onSelect={setSelected} onReroot={(nid) => go({ id: nid })} />
            <Legend nodes={g.nodes} />
          </div>
          <NodeDetails node={sel} isRoot={sel?.id === `artifact:${id}`} go={go} />
        </div>
      ) : null}
    </section>
  );
}

function Picker({ id, direction, depth, go }) {
  const [artifact, setArtifact] = useState(id || '');
  const [dir, setDir] = useState(direction);
  const [dep, setDep] = useState(String(depth));
  useEffect(() => { setArtifact(id || ''); setDir(direction); setDep(String(depth)); }, [id, direction, depth]);
  const models = useLoad(() => Api.models(), []);
  const [model, setModel] = useState('');
  const detail = useLoad(() => (model ? Api.model(model, 12) : Promise.resolve(null)), [model]);
  useEffect(() => { if (!model && models.data?.length) setModel(models.data[0].name); }, [models.data]);
  return (
    <div class="panel picker">
      <form class="row" onSubmit={(e) => { e.preventDefault(); if (artifact) go({ id: artifact, direction: dir, depth: depthOf(dep) }); }}>
        <div class="field inline"><label for="lin-id">Artifact id</label>
          <input id="lin-id" type="number" min="1" value={artifact} onInput={(e) => setArtifact(e.currentTarget.value)} /></div>
        <fieldset class="field inline radios"><legend>Direction</legend>
          {['upstream', 'downstream'].map((d) => (
            <label key={d} class="check"><input type="radio" name="dir" value={d} checked={dir === d} onChange={() => setDir(d)} />{d}</label>
          ))}
        </fieldset>
        <div class="field inline"><label for="lin-depth">Depth</label>
          <input id="lin-depth" type="number" min="0" max="50" value={dep} onInput={(e) => setDep(e.currentTarget.value)} style={{ width: '5em' }} /></div>
        <button type="submit" class="btn primary">Show</button>
      </form>
      {models.data?.length ? (
        <div class="row">
          <div class="field inline"><label for="lin-model">or a model version of</label>
            <select id="lin-model" value={model} onChange={(e) => setModel(e.currentTarget.value)}>
              {models.data.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
            </select></div>
          <span class="links" aria-label={`versions of ${model}`}>
            {(detail.data?.versions || []).slice().reverse().map((v) => ( // the newest 12, oldest first
              <a key={v.version} href={`#/lineage/${v.artifactId}?direction=${dir}`} aria-label={`Lineage of ${model} version ${v.version}`}>
                v{v.version}{Object.entries(detail.data.aliases || {}).filter(([, n]) => n === v.version).map(([a]) => ` (${a})`).join('')}</a>
            ))}
          </span>
        </div>
      ) : null}
    </div>
  );
}

function Legend({ nodes }) {
  const kinds = [...new Set(nodes.filter((n) => n.type === 'artifact').map((n) => n.attributes?.kind))];
  return (
    <p class="legend small" aria-label="Legend">
      {kinds.map((k) => <span key={k} class="legend-item"><span class="swatch box" style={{ background: kindColor(k) }} />{k}</span>)}
      <span class="legend-item"><span class="swatch hex" />pipeline step</span>
      <span class="legend-item">→ data flow (used / generated)</span>
    </p>
  );
}

function NodeDetails({ node, isRoot, go }) {
  if (!node) return <aside class="panel node-details"><p class="muted">Focus or hover a node to see it here.</p></aside>;
  const a = node.attributes || {};
  const rows = Object.entries(a).filter(([k, v]) => v !== null && v !== undefined && k !== 'metadata');
  return (
    <aside class="panel node-details" aria-live="polite" aria-label="Selected node">
      <h2>{nodeTitle(node)}{isRoot ? <span class="badge">root</span> : null}</h2>
      <dl class="kv tight">
        {rows.map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd class={k === 'uri' || k === 'sha256' ? 'mono small uri' : ''}>
            {k === 'size' ? fmtBytes(v) : /At$/.test(k) && v !== 'null' ? fmtTime(v) : String(v)}</dd></div>
        ))}
      </dl>
      {a.metadata && Object.keys(a.metadata).length ? (
        <details><summary>metadata</summary><pre class="mono small">{JSON.stringify(a.metadata, null, 2)}</pre></details>
      ) : null}
      <div class="actions">
        {node.type === 'artifact' ? (
          <>
            <button type="button" class="btn small" onClick={() => go({ id: a.id, direction: 'upstream' })}>Upstream of this</button>
            <button type="button" class="btn small" onClick={() => go({ id: a.id, direction: 'downstream' })}>Downstream of this</button>
          </>
        ) : null}
        {a.runId ? <a class="btn small" href={`#/pipelines/${encodeURIComponent(a.runId)}`}>Open the run</a> : null}
      </div>
    </aside>
  );
}
