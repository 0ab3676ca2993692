import { useEffect } from 'preact/hooks';
import { Api, missingEndpoint } from '../api.js';
import { navigate } from '../router.js';
import { fmtMetric, fmtTime, isHeadline, metricParts, shortId, useLoad } from '../util.js';
import { ErrorBox, Loading, Notice } from '../components/common.jsx';
import { BarChart, LineChart } from '../components/charts.jsx';
import { MetricsTable, headlineKeys, modelLabel, orderedModels, protocolsOf, sortMetricKeys } from '../components/metrics.jsx';
import { LmScoring, scoredBothWays } from '../components/lmScoring.jsx';

export function PlotsPage({ query }) {
  const set = (patch) => navigate('/plots', { ...query, ...patch }, { replace: true });
  return (
    <section>
      <div class="page-head"><h1>Plots</h1></div>
      <nav class="toc" aria-label="On this page">
        <a href="#/plots" onClick={(e) => { e.preventDefault(); document.getElementById('run-metrics')?.focus(); }}>Candidate vs baselines</a>
        <a href="#/plots" onClick={(e) => { e.preventDefault(); document.getElementById('compare')?.focus(); }}>Two versions</a>
        <a href="#/plots" onClick={(e) => { e.preventDefault(); document.getElementById('loss')?.focus(); }}>Loss curves</a>
      </nav>
      <RunMetrics runId={query.run} set={set} />
      <Compare query={query} set={set} />
    </section>
  );
}

function RunMetrics({ runId, set }) {
  const runs = useLoad(() => Api.pipelines('COMPLETED', 50), []);
  const chosen = runId || runs.data?.[0]?.id;
  const run = useLoad(() => (chosen ? Api.pipeline(chosen) : Promise.resolve(null)), [chosen]);
  const metrics = run.data?.metrics || {};
  const keys = headlineKeys(metrics);
  const models = orderedModels(metrics);
  const adapter = run.data?.spec?.training?.adapter;
  const options = runs.data || [];
  if (runId && !options.some((r) => r.id === runId)) options.unshift({ id: runId, model: run.data?.model || '?', startedAt: run.data?.startedAt });
  return (
    <>
      <h2 id="run-metrics" tabIndex={-1}>Candidate vs baselines, per protocol</h2>
      <div class="row">
        <div class="field inline"><label for="pl-run">Run</label>
          <select id="pl-run" value={chosen || ''} onChange={(e) => set({ run: e.currentTarget.value })}>
            {options.map((r) => <option key={r.id} value={r.id}>{r.model} · {shortId(r.id)} · {fmtTime(r.startedAt)}</option>)}
          </select></div>
        {chosen ? <a href={`#/pipelines/${encodeURIComponent(chosen)}`}>open the run</a> : null}
      </div>
      <ErrorBox error={runs.error || run.error} title="Could not load the run" />
      {runs.data && !runs.data.length && !runId ? <p class="muted">No completed run yet.</p> : null}
      {run.loading && chosen ? <Loading what="Loading the run's metrics" /> : null}
      {keys.length ? (
        <div class="charts">
          {protocolsOf(keys).map((protocol) => {
            if (protocol === 'candidates' && scoredBothWays(metrics)) {
              return <LmScoring key={protocol} title="candidates protocol: the language model by likelihood and by generation"
                metrics={metrics} candidateAdapter={adapter} />;
            }
            const pk = keys.filter((k) => metricParts(k)[0] === protocol);
            return (
              <BarChart key={protocol} title={`${protocol} protocol${protocol === 'candidates' ? ' (target among sampled candidates)' : ' (all items)'}`}
                groups={pk.map((k) => metricParts(k)[1])}
                series={models.map((m) => ({
                  label: modelLabel(m, adapter),
                  values: pk.map((k) => metrics[m]?.[k] ?? null),
                  errors: pk.map((k) => metrics[m]?.[`${k}-std`] ?? null),
                }))} />
            );
          })}
        </div>
      ) : run.data ? <p class="muted">This run has no metrics.</p> : null}
      {keys.length ? <details><summary>As a table</summary><MetricsTable metrics={metrics} candidateAdapter={adapter} /></details> : null}
    </>
  );
}

function Compare({ query, set }) {
  const models = useLoad(() => Api.models(), []);
  const name = query.model || models.data?.[0]?.name;
  const model = useLoad(() => (name ? Api.model(name) : Promise.resolve(null)), [name]);
  // the model's answer holds its newest versions: one chosen from further back (a link from the model's page) is
  // fetched on its own
  const newest = model.data?.versions || [];
  const older = model.data ? [query.a, query.b].map(Number).filter((v) => v && !newest.some((n) => n.version === v)) : [];
  const olderChosen = useLoad(() => Promise.all(older.map((v) => Api.version(name, v))), [name, older.join(',')]);
  const versions = [...newest, ...(olderChosen.data || [])].sort((x, y) => y.version - x.version);
  const champion = model.data?.aliases?.champion;
  const a = Number(query.a) || versions[0]?.version;
  const b = Number(query.b) || (champion && champion !== a ? champion : versions.find((v) => v.version !== a)?.version);
  const va = versions.find((v) => v.version === a);
  const vb = versions.find((v) => v.version === b);
  const keys = sortMetricKeys([...new Set([...Object.keys(va?.metrics || {}), ...Object.keys(vb?.metrics || {})])]
    .filter((k) => isHeadline(k) && (typeof va?.metrics?.[k] === 'number' || typeof vb?.metrics?.[k] === 'number')));
  const label = (v) => `v${v}${champion === v ? ' (champion)' : ''}`;
  const chosen = [a, b].filter((v, i, all) => v && all.indexOf(v) === i);
  const reports = useLoad(() => (name ? Promise.all(chosen.map((v) => Api.report(name, v).catch((e) => ({ error: e }))))
    : Promise.resolve([])), [name, chosen.join(',')]);
  return (
    <>
      <h2 id="compare" tabIndex={-1}>Two model versions side by side</h2>
      <ErrorBox error={models.error || model.error || olderChosen.error} title="Could not load the registry" />
      {models.data && !models.data.length ? <p class="muted">No registered model yet.</p> : null}
      {name ? (
        <form class="row" onSubmit={(e) => e.preventDefault()} aria-label="Versions to compare">
          <div class="field inline"><label for="cmp-model">Model</label>
            <select id="cmp-model" value={name} onChange={(e) => set({ model: e.currentTarget.value, a: '', b: '' })}>
              {(models.data || []).map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}
            </select></div>
          <div class="field inline"><label for="cmp-a">Version A</label>
            <select id="cmp-a" value={a || ''} onChange={(e) => set({ a: e.currentTarget.value, b: b || '' })}>
              {versions.map((v) => <option key={v.version} value={v.version}>{label(v.version)}</option>)}
            </select></div>
          <div class="field inline"><label for="cmp-b">Version B</label>
            <select id="cmp-b" value={b || ''} onChange={(e) => set({ b: e.currentTarget.value, a: a || '' })}>
              {versions.map((v) => <option key={v.version} value={v.version}>{label(v.version)}</option>)}
            </select></div>
        </form>
      ) : null}
      {model.loading && name ? <Loading what="Loading the versions" /> : null}
      {versions.length === 1 ? <p class="muted">{name} has one version; a second run makes a second one to compare with.</p> : null}
      {va && vb && keys.length ? (
        <>
          <div class="table-wrap">
            <table class="num compare-table">
              <caption>{name}: {label(a)} vs {label(b)}</caption>
              <thead><tr><th scope="col">Metric</th><th scope="col">A: {label(a)}</th><th scope="col">B: {label(b)}</th><th scope="col">A − B</th></tr></thead>
              <tbody>
                {keys.map((k) => {
                  const x = va.metrics?.[k];
                  const y = vb.metrics?.[k];
                  const d = typeof x === 'number' && typeof y === 'number' ? x - y : null;
                  return (
                    <tr key={k}>
                      <th scope="row">{k}</th><td>{fmtMetric(x)}</td><td>{fmtMetric(y)}</td>
                      <td class={d > 0 ? 'up' : d < 0 ? 'down' : ''}>{d === null ? '—' : `${d > 0 ? '▲ +' : d < 0 ? '▼ ' : ''}${fmtMetric(d)}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="charts">
            {protocolsOf(keys).map((protocol) => {
              const pk = keys.filter((k) => metricParts(k)[0] === protocol);
              return (
                <BarChart key={protocol} title={`${protocol}: ${label(a)} vs ${label(b)}`} groups={pk.map((k) => metricParts(k)[1])}
                  series={[{ label: `A: ${label(a)}`, values: pk.map((k) => va.metrics?.[k] ?? null) },
                    { label: `B: ${label(b)}`, values: pk.map((k) => vb.metrics?.[k] ?? null) }]} />
              );
            })}
          </div>
        </>
      ) : null}
      <VersionScoring reports={reports.data || []} versions={chosen} label={label} />
      <h2 id="loss" tabIndex={-1}>Training loss curves</h2>
      {name && a ? <LossCurves reports={reports} versions={chosen} label={label} /> : <p class="muted">Pick a model version.</p>}
    </>
  );
}

/** The chosen versions that fine-tuned a foundation model, each as its evaluation report scored it both ways. */
function VersionScoring({ reports, versions, label }) {
  const scored = versions.map((v, i) => ({ v, report: reports[i] })).filter(({ report }) => scoredBothWays(report?.metrics));
  if (!scored.length) return null;
  return (
    <>
      <h2 id="lm-scoring" tabIndex={-1}>Language model: likelihood vs generation</h2>
      <div class="charts">
        {scored.map(({ v, report }) => (
          <LmScoring key={v} title={`${label(v)}: candidates protocol, both ways`} metrics={report.metrics}
            candidateAdapter={report.adapters?.candidate} />
        ))}
      </div>
    </>
  );
}

function LossCurves({ reports, versions, label }) {
  if (reports.loading) return <Loading what="Loading the evaluation reports" />;
  const list = reports.data || [];
  const missing = list.find((r) => r.error && missingEndpoint(r.error));
  if (missing) {
    return (
      <Notice>The loss curves come from each version's evaluation report, which the API does not serve yet
        (<code>GET /api/v1/models/{'{name}'}/versions/{'{v}'}/report</code>). While a run trains, its page plots the loss
        live from the heartbeats.</Notice>
    );
  }
  const failed = list.find((r) => r.error);
  if (failed) return <ErrorBox error={failed.error} title="Could not load an evaluation report" />;
  const ORDER = ['encoder', 'pretrain', 'finetune'];
  const phases = [...new Set(list.flatMap((r) => Object.keys(r.lossCurves || {})))]
    .sort((x, y) => (ORDER.indexOf(x) + 1 || 99) - (ORDER.indexOf(y) + 1 || 99));
  if (!phases.length) return <p class="muted">These versions' reports have no loss curves.</p>;
  return (
    <div class="charts">
      {phases.map((phase) => {
        const n = Math.max(...list.map((r) => r.lossCurves?.[phase]?.length || 0));
        const x = Array.from({ length: n }, (_, i) => i + 1);
        return (
          <LineChart key={phase} title={`${phase}: mean loss per epoch`} x={x} xLabel="epoch" yLabel="loss"
            series={list.map((r, i) => ({ label: label(versions[i]), values: x.map((_, j) => r.lossCurves?.[phase]?.[j] ?? null) }))} />
        );
      })}
    </div>
  );
}
