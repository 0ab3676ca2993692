// node --test src/sweep.test.mjs : reading a sweep's table for the sweep page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { childLabel, childNumber, fmtValue, metricOf, overrideColumns, shortSweepId, sweepIdOf } from './sweep.js';

const children = [
  { runId: 'pipeline-0123456789abcdef01234567-1', overrides: { 'training.experts': 1 }, status: 'COMPLETED',
    validation: { 'full-ranking/NDCG@10': 0.071 }, test: { 'full-ranking/NDCG@10': 0.065 }, offered: false },
  { runId: 'pipeline-0123456789abcdef01234567-2', overrides: { 'training.experts': 2, 'training.adapter': 'lora' },
    status: 'RUNNING', validation: {}, test: {}, offered: null },
];

test('a run\'s link to its sweep names the sweep', () => {
  assert.equal(sweepIdOf('/api/v1/sweeps/sweep-0123456789abcdef01234567'), 'sweep-0123456789abcdef01234567');
  assert.equal(sweepIdOf(undefined), null);
  assert.equal(sweepIdOf(''), null);
  assert.equal(shortSweepId('sweep-0123456789abcdef01234567'), '01234567');
  assert.equal(shortSweepId('other'), 'other');
});

test('children: their numbers, labels and the fields they change', () => {
  assert.equal(childNumber(children[1], 0), 2);
  assert.equal(childNumber({ runId: 'pipeline-x' }, 4), 5);
  assert.deepEqual(overrideColumns(children), ['training.experts', 'training.adapter']);
  assert.deepEqual(overrideColumns(undefined), []);
  assert.equal(childLabel(children[0], 0), '#1 experts=1');
  assert.equal(childLabel(children[1], 1), '#2 experts=2, adapter=lora');
  assert.equal(childLabel({ runId: 'pipeline-x-3', overrides: {} }, 2), '#3');
  assert.equal(fmtValue(['title']), '["title"]');
  assert.equal(fmtValue(undefined), '—');
});

test('a child\'s number of a metric, or null while it has none', () => {
  assert.equal(metricOf(children[0], 'validation', 'full-ranking/NDCG@10'), 0.071);
  assert.equal(metricOf(children[1], 'test', 'full-ranking/NDCG@10'), null);
  assert.equal(metricOf({ test: null }, 'test', 'x'), null);
});
