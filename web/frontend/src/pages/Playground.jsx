import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, missingEndpoint } from '../api.js';
import { navigate } from '../router.js';
import { fmtNum, useLoad } from '../util.js';
import { ErrorBox, Loading } from '../components/common.jsx';
import { useAccess } from '../session.js';

export function PlaygroundPage({ query }) {
  const models = useLoad(() => Api.models(), []);
  const name = query.model || models.data?.find((m) => m.aliases?.champion)?.name || models.data?.[0]?.name;
  const [history, setHistory] = useState([]); // [{item, title?}]
  const [k, setK] = useState('10');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const titles = useRef(new Map()); // by `${model}/${item}`: two models' catalogues may name an id differently
  const titleOf = (model, item) => titles.current.get(`${model}/${item}`);
  const shownModel = useRef(name);
  shownModel.current = name;
  const cannotAsk = useAccess().why('recommend', 'Asking for recommendations');
  useEffect(() => {
    setResult(null);
    setError(null);
    setHistory((all) => all.map(({ item }) => ({ item, title: titleOf(name, item) })));
  }, [name]);
  // titles for items added by id: ask the catalogue once per item (when the API has the search)
  const asked = useRef(new Set());
  useEffect(() => {
    const missing = history.filter((h) => !h.title && !asked.current.has(`${name}/${h.item}`)).slice(0, 20);
    if (!name || !missing.length) return;
    missing.forEach((h) => asked.current.add(`${name}/${h.item}`));
    Promise.all(missing.map((h) => Api.items(name, h.item, 5).catch(() => [])))
      .then((answers) => {
        answers.flat().forEach((x) => x?.title && titles.current.set(`${name}/${x.item}`, x.title));
        if (shownModel.current !== name) return;
        setHistory((all) => all.map((x) => (x.title ? x : { ...x, title: titleOf(name, x.item) })));
      });
  }, [history, name]);

  const add = (entries) => setHistory((h) => [...h, ...entries.map((e) => ({ item: e.item, title: e.title || titleOf(name, e.item) }))]);
  const remember = (model, list) => list.forEach((x) => x.title && titles.current.set(`${model}/${x.item}`, x.title));

  const recommend = async (e) => {
    e?.preventDefault();
    if (cannotAsk) return;
    setError(null);
    const kn = Number(k);
    if (!history.length) { setError(new Error('add at least one item to the history')); return; }
    if (!Number.isInteger(kn) || kn < 1 || kn > 100) { setError(new Error('k must be a whole number in 1..100')); return; }
    setBusy(true);
    const model = name;
    try {
      const r = await Api.recommend(model, history.map((h) => h.item), kn);
      remember(model, r.items);
      if (shownModel.current !== model) return; // another model was chosen meanwhile: this answer is not its
      setHistory((h) => h.map((x) => ({ ...x, title: x.title || titleOf(model, x.item) })));
      setResult(r);
    } catch (err) {
      if (shownModel.current === model) { setError(err); setResult(null); }
    } finally { setBusy(false); }
  };

  return (
    <section>
      <div class="page-head"><h1>Playground</h1></div>
      <p class="lead">Build a user's history, oldest first, and see the top-k the served champion recommends next.</p>
      <ErrorBox error={models.error} title="Could not list the models" />
      {models.loading ? <Loading what="Loading the models" /> : null}
      {models.data && !models.data.length ? <p class="empty">No model is registered yet.</p> : null}
      {name ? (
        <form onSubmit={recommend} class="panel playground" aria-label="Recommendation request">
          <div class="row">
            <div class="field inline"><label for="pg-model">Model</label>
              <select id="pg-model" value={name} onChange={(e) => navigate('/playground', { model: e.currentTarget.value }, { replace: true })}>
                {(models.data || [{ name }]).map((m) => <option key={m.name} value={m.name}>{m.name}{m.aliases?.champion ? ` (champion v${m.aliases.champion})` : ''}</option>)}
              </select></div>
            <div class="field inline"><label for="pg-k">Top k</label>
              <input id="pg-k" type="number" min="1" max="100" value={k} onInput={(e) => setK(e.currentTarget.value)} style={{ width: '5em' }} /></div>
          </div>
          <ItemPicker model={name} onPick={(items) => { remember(name, items); add(items); }} />
          <h2 class="h3" id="pg-history-label">History ({history.length} item{history.length === 1 ? '' : 's'}, oldest first)</h2>
          {history.length ? (
            <ol class="chips" aria-labelledby="pg-history-label">
              {history.map((h, i) => (
                <li key={`${h.item}-${i}`} class="chip">
                  <span class="mono">{h.item}</span>{h.title ? <span> {h.title}</span> : null}
                  <button type="button" class="chip-x" aria-label={`Remove ${h.title || h.item} (position ${i + 1})`}
                    onClick={() => setHistory((all) => all.filter((_, j) => j !== i))}>×</button>
                </li>
              ))}
            </ol>
          ) : <p class="muted">Empty: add items above.</p>}
          <div class="actions">
            <button type="submit" class="btn primary" disabled={busy || Boolean(cannotAsk)} title={cannotAsk || undefined}
              aria-describedby={cannotAsk ? 'pg-denied' : undefined}>{busy ? 'Asking…' : 'Recommend'}</button>
            <button type="button" class="btn" onClick={() => { setHistory([]); setResult(null); }} disabled={!history.length}>Clear history</button>
          </div>
          {cannotAsk ? <p class="muted small" id="pg-denied">{cannotAsk}; you may still search the catalogue.</p> : null}
          <ErrorBox error={error} title="No recommendations" />
        </form>
      ) : null}
      {result ? (
        <div aria-live="polite">
          <h2>{result.model}:{result.version} recommends</h2>
          <div class="table-wrap">
            <table class="recs">
              <thead><tr><th scope="col">#</th><th scope="col">Item</th><th scope="col">Title</th><th scope="col" class="num">log-prob</th><th scope="col" class="num">prob.</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {result.items.map((r, i) => (
                  <tr key={r.item}>
                    <td>{i + 1}</td><td class="mono">{r.item}</td><td>{r.title || '—'}</td>
                    <td class="num">{fmtNum(r.score, 3)}</td><td class="num">{fmtNum(Math.exp(r.score), 4)}</td>
                    <td><button type="button" class="btn small" onClick={() => add([r])} aria-label={`Add ${r.title || r.item} to the history`}>Add to history</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}

/**
 * A combobox: type a title to search the model's catalogue (proposed endpoint), or item ids
 * (comma or space separated) and press Enter / "Add".
 */
function ItemPicker({ model, onPick }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [searchable, setSearchable] = useState(true);
  const seq = useRef(0);
  useEffect(() => { setSearchable(true); }, [model]);
  useEffect(() => {
    const q = text.trim();
    if (!searchable || q.length < 2) { setOptions([]); setOpen(false); return undefined; }
    const mine = ++seq.current;
    const t = setTimeout(async () => {
      try {
        const found = await Api.items(model, q, 10);
        if (mine !== seq.current) return;
        setOptions(found || []);
        setActive(found?.length ? 0 : -1);
        setOpen(true);
      } catch (e) {
        if (mine !== seq.current) return;
        if (missingEndpoint(e)) setSearchable(false);
        setOptions([]);
        setOpen(false);
      }
    }, 200);
    return () => clearTimeout(t);
  }, [text, model, searchable]);

  const pick = (o) => { onPick([o]); setText(''); setOptions([]); setOpen(false); };
  const addIds = () => {
    const ids = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (ids.length) onPick(ids.map((item) => ({ item })));
    setText(''); setOpen(false);
  };
  const onKey = (e) => {
    if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); setOpen(true); setActive((a) => (a + 1) % options.length); }
    else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); setActive((a) => (a <= 0 ? options.length - 1 : a - 1)); }
    else if (e.key === 'Escape') { setOpen(false); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && active >= 0 && options[active]) pick(options[active]);
      else addIds();
    }
  };
  return (
    <div class="field picker-field">
      <label for="pg-item">Add items {searchable ? 'by title or id' : 'by id'}</label>
      <div class="combo">
        <input id="pg-item" role="combobox" aria-autocomplete="list" aria-expanded={open && options.length ? 'true' : 'false'}
          aria-controls="pg-options" aria-activedescendant={open && active >= 0 ? `pg-opt-${active}` : undefined}
          aria-describedby="pg-item-help" autoComplete="off" value={text}
          onInput={(e) => setText(e.currentTarget.value)} onKeyDown={onKey} onBlur={() => setTimeout(() => setOpen(false), 150)} />
        <button type="button" class="btn" onClick={addIds} disabled={!text.trim()}>Add</button>
        {open && options.length ? (
          <ul id="pg-options" role="listbox" class="listbox" aria-label="Matching items">
            {options.map((o, i) => (
              <li key={o.item} id={`pg-opt-${i}`} role="option" aria-selected={i === active ? 'true' : 'false'}
                class={i === active ? 'active' : ''} onMouseDown={(e) => { e.preventDefault(); pick(o); }}>
                <span class="mono">{o.item}</span> {o.title}{o.category ? <span class="muted small"> · {o.category}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p class="help" id="pg-item-help">
        {searchable
          ? 'Type two or more letters of a title and pick with the arrow keys and Enter, or type item ids (comma or space separated) and press Enter.'
          : 'Type item ids, comma or space separated, and press Enter. (Searching by title needs the catalogue endpoint, which this API does not have yet.)'}
      </p>
    </div>
  );
}
