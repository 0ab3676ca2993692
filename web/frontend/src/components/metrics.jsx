import { fmtMetric, isHeadline, metricParts } from '../util.js';

// The candidate, then the comparison adapters trained beside it from the same base (+lora, ...), then that base
// without fine-tuning (the tiny backbone's base, a foundation model's zero-shot), then baselines.
export const MODEL_ORDER = ['candidate', '+moe-lora', '+lora', '+full', 'base', 'zero-shot', 'sasrec', 'caseq', 'popularity'];

/** A row's column title: the candidate says which adapter it is (+moe-lora is iLoRA), as its comparisons do. */
// the candidate scored on validation users (evaluation.validation): another set of users, so never the best of a row
const VALIDATION = 'validation';

export function modelLabel(model, candidateAdapter) {
  if (model === VALIDATION) return 'candidate on validation users';
  return model === 'candidate' && candidateAdapter ? `candidate (+${candidateAdapter})` : model;
}

export function orderedModels(metrics) {
  const names = Object.keys(metrics || {});
  return [...MODEL_ORDER.filter((m) => names.includes(m)), ...names.filter((m) => !MODEL_ORDER.includes(m))];
}

export function headlineKeys(metrics) {
  const keys = new Set();
  for (const m of Object.values(metrics || {})) for (const k of Object.keys(m || {})) if (isHeadline(k)) keys.add(k);
  return sortMetricKeys([...keys]);
}

const PROTOCOL_ORDER = ['full-ranking', 'candidates'];

/**
 * full-ranking before candidates, then by metric name and cut-off (Recall@1, @5, @10, NDCG@5, ...), a variant
 * after its plain metric (HR@1, HR@1-generated, HR@1-valid).
 */
export function sortMetricKeys(keys) {
  const rank = (k) => {
    const [protocol, metric] = metricParts(k);
    const p = PROTOCOL_ORDER.indexOf(protocol);
    const [name, cut = ''] = metric.split('@');
    return [p < 0 ? 99 : p, protocol, name, parseInt(cut, 10) || 0, cut];
  };
  return [...keys].sort((a, b) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

export function protocolsOf(keys) {
  return [...new Set(keys.map((k) => metricParts(k)[0]))];
}

/** Models as columns, protocol/metric as rows; the best value of each row is marked. */
export function MetricsTable({ metrics, caption, candidateAdapter }) {
  const models = orderedModels(metrics);
  const keys = headlineKeys(metrics);
  if (!models.length || !keys.length) return <p class="muted">No metrics yet.</p>;
  return (
    <div class="table-wrap">
      <table class="metrics num">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr><th scope="col">Protocol</th><th scope="col">Metric</th>{models.map((m) => <th scope="col" key={m}>{modelLabel(m, candidateAdapter)}</th>)}</tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const [protocol, metric] = metricParts(k);
            const values = models.map((m) => metrics[m]?.[k]);
            const nums = values.filter((v, i) => typeof v === 'number' && models[i] !== VALIDATION);
            const best = nums.length > 1 && Math.min(...nums) !== Math.max(...nums) ? Math.max(...nums) : null;
            return (
              <tr key={k}>
                <td>{protocol}</td>
                <th scope="row">{metric}</th>
                {values.map((v, i) => {
                  const std = metrics[models[i]]?.[`${k}-std`];
                  return (
                    <td key={models[i]} class={v === best && models[i] !== VALIDATION ? 'best' : ''}>
                      {fmtMetric(v)}{std ? <span class="muted small"> ±{fmtMetric(std, 3)}</span> : null}
                      {v === best && models[i] !== VALIDATION ? <span class="sr-only"> (best)</span> : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
