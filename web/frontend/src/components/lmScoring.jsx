import { fmtMetric } from '../util.js';
import { BarChart } from './charts.jsx';
import { modelLabel, orderedModels } from './metrics.jsx';

// A fine-tuned foundation model's candidates protocol is scored two ways on the same draws (activities'
// LlmCandidatesScoring): by likelihood ranking, as every other row ranks the candidates, and by generation
// as LLaRA measures it. The other rows (sequence encoder, popularity, champion) have the first way only.
const LIKELIHOOD = 'candidates/HR@1';
const GENERATED = 'candidates/HR@1-generated';
const WAYS = [
  { key: LIKELIHOOD, label: 'HR@1 (likelihood)' },
  { key: GENERATED, label: 'HR@1-generated' },
  { key: 'candidates/HR@1-valid', label: 'HR@1-valid' },
  { key: 'candidates/ValidRatio', label: 'ValidRatio' },
];

/** A language-model row: it answered by generation. */
const generates = (row) => typeof row?.[GENERATED] === 'number';

/** Whether these metrics (a run's or a report's) have language-model rows scored both ways. */
export function scoredBothWays(metrics) {
  return Object.values(metrics || {}).some(generates);
}

/**
 * A row's value one way, or null where that way does not apply: a row that ranks by score reports a
 * ValidRatio of 1 by construction, which says nothing beside a language model's.
 */
function value(row, key) {
  return key === LIKELIHOOD || generates(row) ? row[key] ?? null : null;
}

/** The language-model rows both ways beside the other rows' HR@1: a grouped bar chart, then its numbers. */
export function LmScoring({ title, metrics, candidateAdapter }) {
  const rows = orderedModels(metrics).filter((m) => typeof metrics[m]?.[LIKELIHOOD] === 'number');
  const label = (m) => modelLabel(m, candidateAdapter);
  return (
    <div class="lm-scoring">
      <BarChart title={title} omitMissing groups={rows.map(label)}
        series={WAYS.map((w) => ({ label: w.label, values: rows.map((m) => value(metrics[m], w.key)) }))} />
      <div class="table-wrap">
        <table class="num lm-table">
          <caption class="small">Likelihood ranks the candidates as every row does; generation asks for one title
            (LLaRA): HR@1-generated = correct / all answers, HR@1-valid = correct / valid answers, ValidRatio = valid / all.
            zero-shot is the foundation model without fine-tuning.</caption>
          <thead><tr><th scope="col">Row</th>{WAYS.map((w) => <th scope="col" key={w.key}>{w.label}</th>)}</tr></thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m}><th scope="row">{label(m)}</th>{WAYS.map((w) => <td key={w.key}>{fmtMetric(value(metrics[m], w.key))}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
