import { useEffect, useRef, useState } from 'preact/hooks';

export const STAGES = ['ingest', 'tokenize', 'fine-tune', 'evaluate', 'promote'];
export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED']);
/** How many of the newest entries a list page may show. */
export const LIST_LIMITS = [20, 50, 100, 500];

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function since(startIso, endIso) {
  if (!startIso) return null;
  return (endIso ? new Date(endIso) : new Date()) - new Date(startIso);
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—';
  const u = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${i ? v.toFixed(1) : v} ${u[i]}`;
}

export function fmtNum(v, digits = 4) {
  if (v === null || v === undefined || typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(digits);
}

/** A model's parameter count as model cards give it: 134.5 M, 1.7 B (and 9.0 K for a test's tiny model). */
export function fmtParameters(n) {
  if (typeof n !== 'number') return '—';
  const [scale, unit] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']].find(([s]) => n >= s) || [1, ''];
  return `${(n / scale).toFixed(scale === 1 ? 0 : 1)}${unit ? ` ${unit}` : ''}`;
}

/** A metric value: always with `digits` decimals. */
export function fmtMetric(v, digits = 4) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';
}

export function shortId(id) {
  return id?.startsWith('pipeline-') ? id.slice(9, 17) : id;
}

/**
 * Loads with `load()` and reloads every `interval` ms while `live(data)` is true (`live(undefined)` after a failed
 * first load: true retries it). `live` is read as of the latest render, so it may look at other state.
 */
export function usePoll(load, deps, { interval = 2000, live = () => false } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const runRef = useRef(null);
  const liveRef = useRef(live);
  liveRef.current = live;
  useEffect(() => {
    let timer = null;
    let stopped = false;
    let seq = 0;
    let last;
    const run = async () => {
      clearTimeout(timer);
      const mine = ++seq;
      try {
        const data = await load();
        if (stopped || mine !== seq) return;
        last = data;
        setState({ data, error: null, loading: false });
        if (liveRef.current(data)) timer = setTimeout(run, interval);
      } catch (error) {
        if (stopped || mine !== seq) return;
        setState((s) => ({ data: s.data, error, loading: false }));
        if (liveRef.current(last)) timer = setTimeout(run, interval * 3);
      }
    };
    runRef.current = run;
    setState({ data: null, error: null, loading: true });
    run();
    return () => { stopped = true; clearTimeout(timer); };
  }, deps);
  return { ...state, reload: () => runRef.current?.() };
}

/** Loads once per change of deps. */
export function useLoad(load, deps) {
  return usePoll(load, deps, {});
}

export function metricParts(key) {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/** Headline metric keys: leaves out "-std" spreads and ValidRatio diagnostics. */
export function isHeadline(key) {
  return key.includes('/') && !key.endsWith('-std') && !/ValidRatio$/.test(key);
}

export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}
