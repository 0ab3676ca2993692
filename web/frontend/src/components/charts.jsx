import { useEffect, useRef, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import { fmtMetric, fmtNum } from '../util.js';

// Colour-blind-safe (Okabe-Ito), each readable on white.
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#7a6500', '#56b4e9', '#000000'];

/**
 * Lines over a shared x axis with uPlot. series: [{label, values}] (values aligned with x; null = gap).
 * A table with the same numbers follows for screen readers and keyboard users.
 */
export function LineChart({ title, x, xLabel = 'x', yLabel = '', series, height = 260 }) {
  const el = useRef(null);
  const [unloadable, setUnloadable] = useState(null);
  useEffect(() => {
    if (!el.current || !x.length) return undefined;
    let plot = null;
    let gone = false;
    const width = Math.max(320, el.current.clientWidth || 600);
    const onResize = () => plot?.setSize({ width: Math.max(320, el.current?.clientWidth || width), height });
    import('uplot').then(({ default: uPlot }) => {
      if (gone || !el.current) return;
      plot = new uPlot({
      width, height,
      scales: { x: { time: false } },
      axes: [{ label: xLabel, stroke: '#333', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] },
        { label: yLabel, stroke: '#333', size: 60 }],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      series: [{ label: xLabel }, ...series.map((s, i) => ({
        label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2,
        points: { show: x.length < 40, size: 5 },
        value: (u, v) => (v === null || v === undefined ? '—' : v.toFixed(4)),
      }))],
    }, [x, ...series.map((s) => s.values)], el.current);
    }).catch((e) => { if (!gone) setUnloadable(`The chart's code did not load (${e.message}); reload the page.`); });
    window.addEventListener('resize', onResize);
    return () => { gone = true; window.removeEventListener('resize', onResize); plot?.destroy(); };
  }, [JSON.stringify([x, series]), height]);
  return (
    <figure class="chart">
      {title ? <figcaption>{title}</figcaption> : null}
      {unloadable ? <p class="field-error">{unloadable}</p> : null}
      <div ref={el} class="uplot-host" role="img" aria-label={`${title || 'line chart'}: ${series.map((s) => s.label).join(', ')}`} />
      <details class="data-table">
        <summary>Data table</summary>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">{xLabel}</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
            <tbody>
              {x.map((xv, i) => (
                <tr key={i}><th scope="row">{xv}</th>{series.map((s) => <td key={s.label}>{fmtNum(s.values[i])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/**
 * Grouped horizontal bars as SVG: groups (e.g. metrics) x series (e.g. models). Values in [0, max].
 * errors (optional) are +- spreads drawn as whiskers. Values are printed beside the bars; a missing one
 * reads n/a, or with omitMissing takes no room (for series that do not apply to every group). `highlight` (a
 * group) is drawn on a tinted band with its label in bold (e.g. a sweep's best child).
 */
export function BarChart({ title, groups, series, max, height, omitMissing = false, highlight }) {
  const rowH = 18;
  const gap = 12;
  // room for the longest group label: about 7 px a character at the labels' 12 px bold
  const labelW = Math.max(120, 16 + 7 * Math.max(...groups.map((g) => String(g).length)));
  const width = 640;
  const plotW = width - labelW - 70;
  const { top, ticks } = niceScale(max ?? Math.max(1e-9, ...series.flatMap((s) => s.values.map((v, i) => (v ?? 0) + (s.errors?.[i] ?? 0)))));
  const shown = groups.map((_, gi) => series.map((_, si) => si).filter((si) => !omitMissing || series[si].values[gi] != null));
  const groupTop = shown.reduce((tops, rows) => [...tops, tops[tops.length - 1] + rows.length * rowH + gap], [6]);
  const h = height ?? groupTop[groups.length] + 28;
  return (
    <figure class="chart">
      {title ? <figcaption>{title}</figcaption> : null}
      <div class="legend" aria-hidden="true">
        {series.map((s, i) => (
          <span key={s.label} class="legend-item"><span class="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />{s.label}</span>
        ))}
      </div>
      <svg viewBox={`0 0 ${width} ${h}`} width="100%" role="img" class="bars"
        aria-label={`${title || 'bar chart'}. ${groups.map((g, gi) => `${g}: ${shown[gi].map((si) => `${series[si].label} ${fmtNum(series[si].values[gi])}`).join(', ')}`).join('. ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={labelW + (t / top) * plotW} x2={labelW + (t / top) * plotW} y1={4} y2={h - 22} stroke="#ddd" />
            <text x={labelW + (t / top) * plotW} y={h - 8} text-anchor="middle" class="tick">{+t.toPrecision(6)}</text>
          </g>
        ))}
        {groups.map((g, gi) => {
          const y0 = groupTop[gi];
          const marked = highlight !== undefined && highlight !== null && g === highlight;
          return (
            <g key={g} class={marked ? 'highlight' : undefined}>
              {marked ? <rect class="band" x={2} y={y0 - gap / 2 + 2} width={width - 4} height={shown[gi].length * rowH + gap - 4}
                rx="4" fill="#fff4cc" stroke="#bf8700" stroke-width="1" /> : null}
              <text x={labelW - 8} y={y0 + (shown[gi].length * rowH) / 2 + 4} text-anchor="end" class="glabel">{g}</text>
              {shown[gi].map((si, row) => {
                const s = series[si];
                const v = s.values[gi];
                const w = v === null || v === undefined ? 0 : (Math.max(0, v) / top) * plotW;
                const y = y0 + row * rowH;
                const err = s.errors?.[gi];
                return (
                  <g key={s.label}>
                    <rect x={labelW} y={y + 2} width={w} height={rowH - 5} fill={PALETTE[si % PALETTE.length]} rx="2">
                      <title>{`${s.label} · ${g}: ${fmtNum(v)}${err ? ` ± ${fmtNum(err)}` : ''}`}</title>
                    </rect>
                    {err ? <line x1={labelW + ((v - err) / top) * plotW} x2={labelW + Math.min(plotW, ((v + err) / top) * plotW)}
                      y1={y + rowH / 2} y2={y + rowH / 2} stroke="#222" stroke-width="1.2" /> : null}
                    <text x={labelW + Math.max(w, err ? Math.min(plotW, ((v + err) / top) * plotW) : 0) + 4} y={y + rowH - 5} class="val">{v === null || v === undefined ? 'n/a' : fmtMetric(v, 3)}{err ? ` ± ${fmtMetric(err, 3)}` : ''}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A round upper bound and 3-6 round ticks from 0 (0.35 -> 0, 0.1, 0.2, 0.3, 0.4). */
export function niceScale(max) {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { top, ticks };
}
