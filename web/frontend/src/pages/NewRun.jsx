import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api, problemOf } from '../api.js';
import { navigate } from '../router.js';
import { fmtParameters, useLoad, uuid } from '../util.js';
import { Field, Notice } from '../components/common.jsx';
import { useAccess } from '../session.js';
import { FIELDS, GROUPS, TINY_BACKBONE, UNSHOWN, applies, byField, defaultOf, formFromSpec, problems, specFromForm, withValue } from '../spec.js';

const DEMO = {
  model: 'demo',
  data: { uri: 'file:///path/to/data/', format: 'csv' },
  tokenizer: { codebookSize: 64, encoderEpochs: 8 },
  training: { pretrainEpochs: 1, fineTuneEpochs: 1, adapter: 'moe-lora', experts: 4, rank: 8 },
  evaluation: { maxUsers: 500, candidateDraws: 3 },
  promotion: { metric: 'full-ranking/NDCG@10', minGain: 0.0 },
  seed: 42,
};

const fid = (path) => `spec-${path.replace(/\./g, '-')}`;

function placeholderOf(f, form) {
  const raw = specFromForm(form).spec;
  const d = defaultOf(f, raw);
  return d === undefined || d === null ? '' : `default ${d}`;
}

/**
 * The backbone select's choices: tiny, then every imported foundation model (GET /api/v1/foundation-models, status
 * IMPORTED), and the form's own value when it names another (from the JSON editor: the server says what is wrong).
 */
function backboneChoices(models, value) {
  const imported = (models.data || []).filter((m) => m.status === 'IMPORTED');
  const choices = [{ value: TINY_BACKBONE, label: 'tiny' }, ...imported.map((m) => {
    const about = [m.architecture, typeof m.parameters === 'number' ? `${fmtParameters(m.parameters)} parameters` : null]
      .filter(Boolean).join(', ');
    return { value: m.name, label: about ? `${m.name} (${about})` : m.name };
  })];
  if (value && !choices.some((c) => c.value === value)) choices.push({ value, label: `${value} (not imported)` });
  let status = null;
  if (models.error) status = `The foundation models could not be listed (${models.error.message}): only tiny is offered.`;
  else if (models.loading) status = 'Listing the imported foundation models…';
  else if (!imported.length) status = 'No foundation model is imported yet (the Registry page lists them, and says how to import one).';
  return { choices, status };
}

function Input({ f, form, setValue, errors, choices, note }) {
  const value = form[f.path];
  const err = errors[f.path];
  if (f.type === 'multi') {
    const errId = err?.length ? `${fid(f.path)}-err` : undefined;
    return (
      <fieldset class={`field checks${err?.length ? ' invalid' : ''}`} id={fid(f.path)} aria-describedby={errId}>
        <legend>{f.label}</legend>
        {f.options.map((o) => (
          <label key={o} class="check">
            <input type="checkbox" name={f.path} value={o} checked={value.includes(o)}
              onChange={(e) => setValue(f.path, e.currentTarget.checked
                ? f.options.filter((x) => x === o || value.includes(x))
                : value.filter((x) => x !== o))} />
            {o}
          </label>
        ))}
        {err?.length ? <p class="field-error" id={errId}>{err.join('; ')}</p> : null}
      </fieldset>
    );
  }
  if (f.type === 'bool') {
    const errId = err?.length ? `${fid(f.path)}-err` : undefined;
    const helpId = f.help ? `${fid(f.path)}-help` : undefined;
    return (
      <div class={`field${err?.length ? ' invalid' : ''}`}>
        <label class="check">
          <input type="checkbox" id={fid(f.path)} checked={value} onChange={(e) => setValue(f.path, e.currentTarget.checked)}
            aria-invalid={err?.length ? 'true' : undefined} aria-describedby={[errId, helpId].filter(Boolean).join(' ') || undefined} />
          {f.label}
        </label>
        {err?.length ? <p class="field-error" id={errId}>{err.join('; ')}</p> : null}
        {f.help ? <p class="help" id={helpId}>{f.help}</p> : null}
      </div>
    );
  }
  const options = choices || f.options?.map((o) => ({ value: o, label: o }));
  return (
    <Field id={fid(f.path)} label={f.label} help={note ? `${f.help} ${note}` : f.help} error={err} required={f.required}
      wide={f.multiline}>
      {(a) => (f.type === 'select' ? (
        <select {...a} name={f.path} value={value === f.def ? '' : value} onChange={(e) => setValue(f.path, e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value === f.def ? '' : o.value}>{o.value === f.def ? `${o.label} (default)` : o.label}</option>
          ))}
        </select>
      ) : f.multiline ? (
        <textarea {...a} name={f.path} rows={3} value={value} spellcheck={false}
          onInput={(e) => setValue(f.path, e.currentTarget.value)} />
      ) : (
        <input {...a} name={f.path} type="text" inputMode={f.type === 'text' ? undefined : 'decimal'} value={value}
          placeholder={placeholderOf(f, form)} autoComplete="off" spellcheck={false}
          onInput={(e) => setValue(f.path, e.currentTarget.value)} />
      ))}
    </Field>
  );
}

/** A collapsible group of fields: opens itself when one of its fields has a problem, never closes by itself. */
function Group({ title, hasError, children }) {
  const el = useRef(null);
  useEffect(() => { if (hasError && el.current) el.current.open = true; }, [hasError]);
  return (
    <details ref={el} class="group">
      <summary>{title}{hasError ? <span class="err-dot"> (has problems)</span> : null}</summary>
      <div class="grid">{children}</div>
    </details>
  );
}

export function NewRunPage() {
  const [form, setForm] = useState(() => formFromSpec({}));
  const [mode, setMode] = useState('form');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState(null);
  const [touched, setTouched] = useState(false);
  const [server, setServer] = useState(null); // {detail, errors, status}
  const [sending, setSending] = useState(false);
  const key = useRef(uuid());
  const summary = useRef(null);
  const foundationModels = useLoad(() => Api.foundationModels(), []);
  const cannotRun = useAccess().why('run', 'Starting a run');

  const setValue = (path, v) => { setForm((f) => withValue(f, path, v)); setServer(null); key.current = uuid(); };

  // what would be sent, and everything wrong with it (input errors, then the server's own rules)
  const { spec, local } = useMemo(() => {
    if (mode === 'json') {
      try {
        const parsed = JSON.parse(json);
        return { spec: parsed, local: problems(parsed) };
      } catch (e) {
        return { spec: null, local: [] };
      }
    }
    const { spec: s, errors } = specFromForm(form);
    const typed = new Set(errors.map((p) => p.slice(0, p.indexOf(':'))));
    return { spec: s, local: [...errors, ...problems(s).filter((p) => !typed.has(p.slice(0, p.indexOf(':'))))] };
  }, [form, json, mode]);

  const shown = touched ? local : [];
  const { fields } = byField([...shown, ...(server?.errors || [])]);

  const switchMode = (m) => {
    if (m === mode) return;
    if (m === 'json') {
      setJson(JSON.stringify(specFromForm(form).spec, null, 2));
      setJsonError(null);
    } else {
      try {
        setForm(formFromSpec(JSON.parse(json)));
        setJsonError(null);
      } catch (e) {
        setJsonError(`The JSON does not parse: ${e.message}`);
        return;
      }
    }
    setMode(m);
  };

  const submit = async (e) => {
    e.preventDefault();
    if (cannotRun) return;
    setTouched(true);
    setServer(null);
    if (mode === 'json' && spec === null) {
      setJsonError('The JSON does not parse; fix it before starting the run.');
      return;
    }
    if (local.length) {
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setSending(true);
    try {
      const run = await Api.start(spec, key.current);
      key.current = uuid();
      navigate(`/pipelines/${encodeURIComponent(run.id)}`);
    } catch (err) {
      setServer(problemOf(err));
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setSending(false);
    }
  };

  const allProblems = [...shown, ...(server?.errors || [])];
  // the fields that play a part in the run the form describes (a foundation model has no pre-training, ...)
  const formSpec = mode === 'form' ? specFromForm(form).spec : {};
  const visible = (f) => applies(f, formSpec);
  const groupHasError = (g) => FIELDS.some((f) => f.group === g && visible(f) && fields[f.path]);
  const backbone = backboneChoices(foundationModels, form['training.backbone']);

  return (
    <section>
      <div class="page-head">
        <h1>Start a pipeline run</h1>
        <a href="#/pipelines">Back to the runs</a>
      </div>
      <p class="lead">Blank fields take the server's defaults (shown in grey). The spec is checked here with the same
        rules as the server before it is sent.</p>
      {cannotRun ? <Notice kind="info">{cannotRun}: you may look at the form, not start the run.</Notice> : null}
      {(touched && local.length) || server ? (
        <div class="alert error" role="alert" tabIndex={-1} ref={summary} id="form-errors">
          <strong>{server ? (server.errors?.length ? server.detail : `The server refused the run: ${server.detail}`)
            : `The spec has ${local.length} problem${local.length === 1 ? '' : 's'}; nothing was sent.`}</strong>
          {allProblems.length ? (
            <ul>
              {allProblems.map((p) => {
                const field = p.slice(0, p.indexOf(':'));
                const target = FIELDS.some((f) => f.path === field && visible(f)) && mode === 'form' ? `#${fid(field)}` : null;
                return <li key={p}>{target ? <a href={target} onClick={(ev) => { ev.preventDefault(); document.querySelector(target)?.focus?.(); document.querySelector(`${target} input`)?.focus(); }}>{p}</a> : p}</li>;
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form onSubmit={submit} noValidate aria-describedby={allProblems.length ? 'form-errors' : undefined}>
        <div class="toolbar" role="group" aria-label="Edit the spec as">
          <button type="button" class={`btn ${mode === 'form' ? 'primary' : ''}`} aria-pressed={mode === 'form'} onClick={() => switchMode('form')}>Form</button>
          <button type="button" class={`btn ${mode === 'json' ? 'primary' : ''}`} aria-pressed={mode === 'json'} onClick={() => switchMode('json')}>JSON</button>
          <button type="button" class="btn" onClick={() => {
            const base = { ...DEMO, data: { ...DEMO.data, uri: form['data.uri'] || DEMO.data.uri } };
            setForm(formFromSpec(base)); setJson(JSON.stringify(base, null, 2)); setServer(null);
          }}>Fill with the demo spec</button>
        </div>
        {mode === 'json' ? (
          <div class="field">
            <label for="spec-json">Pipeline spec (JSON)</label>
            <textarea id="spec-json" rows={24} class="mono" spellcheck={false} value={json}
              aria-describedby={jsonError ? 'spec-json-err' : undefined}
              onInput={(e) => { setJson(e.currentTarget.value); setServer(null); setJsonError(null); key.current = uuid(); }} />
            {jsonError ? <p class="field-error" id="spec-json-err">{jsonError}</p> : null}
          </div>
        ) : (
          <div class="spec-groups">
            {GROUPS.map(([g, title]) => {
              const inner = FIELDS.filter((f) => f.group === g && visible(f)).map((f) => (
                f.path === 'training.backbone' ? (
                  <Input key={f.path} f={f} form={form} setValue={setValue} errors={fields} choices={backbone.choices}
                    note={backbone.status} />
                ) : <Input key={f.path} f={f} form={form} setValue={setValue} errors={fields} />
              ));
              return g === 'run' || g === 'data' ? (
                <fieldset key={g} class="group"><legend>{title}</legend><div class="grid">{inner}</div></fieldset>
              ) : (
                <Group key={g} title={title} hasError={groupHasError(g)}>{inner}</Group>
              );
            })}
          </div>
        )}
        {mode === 'form' && Object.keys(form[UNSHOWN]).length ? (
          <p class="muted small" id="unshown">Also sent, as the JSON gave it (no field here):{' '}
            <code>{JSON.stringify(form[UNSHOWN])}</code></p>
        ) : null}
        <div class="actions">
          <button type="submit" class="btn primary" disabled={sending || Boolean(cannotRun)} title={cannotRun || undefined}>
            {sending ? 'Starting…' : 'Start the run'}</button>
          <span class="muted small">Idempotency-Key <code>{key.current.slice(0, 8)}</code>: sending twice starts one run.</span>
        </div>
      </form>
    </section>
  );
}
