import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmtBytes } from '../util.js';

const KIND_COLORS = {
  source: '#e8f1fb', dataset: '#dbeafe', split: '#e0f2fe', encoder: '#ede9fe', tokenizer: '#f3e8ff',
  checkpoint: '#fef3c7', backbone: '#fde68a', model: '#dcfce7', 'eval-report': '#fce7f3', report: '#fce7f3',
};
const NODE_W = 178;
const NODE_H = 50;

export function kindColor(kind) {
  if (KIND_COLORS[kind]) return KIND_COLORS[kind];
  let h = 0;
  for (const c of kind || '') h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 92%)`;
}

export function nodeTitle(n) {
  const a = n.attributes || {};
  if (n.type === 'artifact') return `${a.kind || 'artifact'} #${a.id ?? n.id.split(':')[1]}`;
  return `${a.stage || 'step'}${a.part ? ` (${a.part})` : ''}${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}`;
}

export function nodeSubtitle(n) {
  const a = n.attributes || {};
  if (n.type === 'artifact') {
    const sha = a.sha256 ? a.sha256.slice(0, 10) : '';
    return `${sha}${a.size != null ? ` · ${fmtBytes(a.size)}` : ''}`;
  }
  return `run ${(a.runId || '').replace(/^pipeline-/, '').slice(0, 8)} · ${(a.status || '').toLowerCase()}`;
}

function layout(dagre, graph, rankdir) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir, nodesep: rankdir === 'LR' ? 22 : 30, ranksep: rankdir === 'LR' ? 60 : 44, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of graph.edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, { label: e.label });
  dagre.layout(g);
  const nodes = graph.nodes.map((n) => ({ ...n, ...g.node(n.id) }));
  const edges = graph.edges.filter((e) => g.hasEdge(e.from, e.to)).map((e) => ({ ...e, points: g.edge(e.from, e.to).points }));
  const { width, height } = g.graph();
  return { nodes, edges, width: Math.max(width || 0, 200), height: Math.max(height || 0, 100), rankdir };
}

const MAX_H = 620;

/** Left to right when it fits, else top to bottom when that shows the nodes larger. */
function bestLayout(dagre, graph, width) {
  const scale = (l) => Math.min(1, width / l.width, MAX_H / l.height);
  const lr = layout(dagre, graph, 'LR');
  if (scale(lr) >= 0.999) return lr;
  const tb = layout(dagre, graph, 'TB');
  return scale(tb) > scale(lr) ? tb : lr;
}

/**
 * The lineage graph, laid out left to right in data-flow order (dagre), drawn as SVG. Every node is a
 * focusable button: Enter or a click on an artifact re-roots the graph at it (onReroot); focus or hover
 * shows its attributes (onSelect). Drag to pan, wheel or the buttons to zoom.
 */
export function LineageGraph({ graph, rootId, onReroot, onSelect, selected }) {
  const [dagre, setDagre] = useState(loadedDagre);
  const [unloadable, setUnloadable] = useState(null);
  // A tab opened before the platform was upgraded asks for a chunk the new build no longer has.
  useEffect(() => {
    if (!dagre) {
      import('@dagrejs/dagre').then((m) => { loadedDagre = m.default; setDagre(() => m.default); })
        .catch((e) => setUnloadable(`The graph's layout code did not load (${e.message}); reload the page.`));
    }
  }, []);
  const host = useRef(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    const measure = () => setWidth((w) => (Math.abs(w - el.clientWidth) > 40 || !w ? el.clientWidth : w));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const laid = useMemo(() => (dagre && width ? bestLayout(dagre, graph, width - 12) : null), [dagre, graph, width]);
  return (
    <div ref={host} class="lgraph">
      {laid ? <Graph laid={laid} graph={graph} rootId={rootId} onReroot={onReroot} onSelect={onSelect} selected={selected} width={width - 12} />
        : <p class={unloadable ? 'field-error' : 'muted'}>{unloadable || 'Laying out the graph…'}</p>}
    </div>
  );
}

let loadedDagre = null;

function Graph({ laid, graph, rootId, onReroot, onSelect, selected, width }) {
  const [view, setView] = useState(null);
  const svg = useRef(null);
  const drag = useRef(null);
  const fit = () => setView({ x: 0, y: 0, w: laid.width, h: laid.height });
  const svgH = Math.round(Math.max(180, Math.min(MAX_H, laid.height * Math.min(1, width / laid.width))));
  useEffect(() => {
    // a graph too big to read whole opens at a readable scale around its root; "Fit" shows all of it
    const scale = Math.min(width / laid.width, svgH / laid.height);
    const root = laid.nodes.find((n) => n.id === `artifact:${rootId}`);
    if (scale >= 0.6 || !root) { fit(); return; }
    const w = width / 0.85;
    const h = svgH / 0.85;
    setView({ x: Math.max(0, root.x - w * 0.2), y: Math.max(0, Math.min(laid.height - h, root.y - h / 2)), w, h });
  }, [laid]);
  const zoom = (f, cx, cy) => setView((v) => {
    const v0 = v || { x: 0, y: 0, w: laid.width, h: laid.height };
    const px = cx ?? v0.x + v0.w / 2;
    const py = cy ?? v0.y + v0.h / 2;
    const w = Math.min(laid.width * 4, Math.max(120, v0.w * f));
    const h = (v0.h / v0.w) * w;
    return { x: px - ((px - v0.x) * w) / v0.w, y: py - ((py - v0.y) * h) / v0.h, w, h };
  });
  const toGraph = (e) => {
    const r = svg.current.getBoundingClientRect();
    const v = view;
    const scale = Math.max(v.w / r.width, v.h / r.height);
    const ox = (r.width * scale - v.w) / 2;
    const oy = (r.height * scale - v.h) / 2;
    return { x: v.x - ox + (e.clientX - r.left) * scale, y: v.y - oy + (e.clientY - r.top) * scale, scale };
  };
  const onWheel = (e) => {
    if (!view) return;
    e.preventDefault();
    const p = toGraph(e);
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  };
  const onDown = (e) => {
    if (e.button !== 0 || e.target.closest('.lnode')) return;
    drag.current = { sx: e.clientX, sy: e.clientY, v: view, scale: toGraph(e).scale };
    svg.current.setPointerCapture?.(e.pointerId);
  };
  const onMove = (e) => {
    const d = drag.current;
    if (!d) return;
    setView({ ...d.v, x: d.v.x - (e.clientX - d.sx) * d.scale, y: d.v.y - (e.clientY - d.sy) * d.scale });
  };
  const onUp = () => { drag.current = null; };
  useEffect(() => {
    const el = svg.current;
    if (!el) return undefined;
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const v = view || { x: 0, y: 0, w: laid.width, h: laid.height };
  /** Keyboard focus on a node outside the view pans the view to it. */
  const reveal = (n) => setView((cur) => {
    const c = cur || v;
    const inside = n.x - NODE_W / 2 >= c.x && n.x + NODE_W / 2 <= c.x + c.w && n.y - NODE_H / 2 >= c.y && n.y + NODE_H / 2 <= c.y + c.h;
    return inside ? cur : { ...c, x: n.x - c.w / 2, y: n.y - c.h / 2 };
  });
  // tab order: by column (rank), then top to bottom
  const ordered = [...laid.nodes].sort((a, b) => a.x - b.x || a.y - b.y);
  const rootNode = `artifact:${rootId}`;
  return (
    <>
      <div class="toolbar" role="group" aria-label="Zoom">
        <button type="button" class="btn small" onClick={() => zoom(1 / 1.25)} aria-label="Zoom in">+</button>
        <button type="button" class="btn small" onClick={() => zoom(1.25)} aria-label="Zoom out">−</button>
        <button type="button" class="btn small" onClick={fit}>Fit</button>
        <span class="muted small">Click or press Enter on an artifact to re-root the graph there; drag to pan, scroll to zoom.</span>
      </div>
      <svg ref={svg} class="lsvg" viewBox={`${v.x} ${v.y} ${v.w} ${v.h}`} preserveAspectRatio="xMidYMid meet"
        style={{ height: `${svgH}px` }}
        onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onPointerLeave={onUp}
        role="group" aria-label={`Lineage graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#555" />
          </marker>
        </defs>
        {laid.edges.map((e) => (
          <g key={`${e.from}>${e.to}`} class={`ledge l-${e.label}`}>
            <path d={`M${e.points.map((p) => `${p.x},${p.y}`).join(' L')}`} fill="none" marker-end="url(#arrow)" />
          </g>
        ))}
        {ordered.map((n) => {
          const isRoot = n.id === rootNode;
          const isSel = selected === n.id;
          const a = n.attributes || {};
          const label = `${n.type} ${nodeTitle(n)}, ${nodeSubtitle(n)}${isRoot ? ', current root' : ''}${n.type === 'artifact' && !isRoot ? '. Press Enter to re-root here' : ''}`;
          const activate = () => {
            if (n.type === 'artifact' && !isRoot) onReroot(a.id ?? Number(n.id.split(':')[1]));
            else onSelect(n.id);
          };
          return (
            <g key={n.id} class={`lnode t-${n.type}${isRoot ? ' root' : ''}${isSel ? ' sel' : ''}`}
              transform={`translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`} tabIndex={0} role="button" aria-label={label}
              data-node={n.id}
              onClick={activate} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } }}
              onFocus={() => { onSelect(n.id); reveal(n); }} onMouseEnter={() => onSelect(n.id)}>
              {n.type === 'artifact' ? (
                <rect width={NODE_W} height={NODE_H} rx="8" fill={kindColor(a.kind)} />
              ) : (
                <path d={`M12,0 H${NODE_W - 12} L${NODE_W},${NODE_H / 2} L${NODE_W - 12},${NODE_H} H12 L0,${NODE_H / 2} Z`} fill="#f4f4f5" />
              )}
              <text x={NODE_W / 2} y={20} text-anchor="middle" class="ntitle">{nodeTitle(n)}</text>
              <text x={NODE_W / 2} y={37} text-anchor="middle" class="nsub">{nodeSubtitle(n)}</text>
            </g>
          );
        })}
      </svg>
    </>
  );
}
