// node --test src/spec.test.mjs : the client-side rules agree with the server's (PipelineSpec.problems()).
import test from 'node:test';
import assert from 'node:assert/strict';
import { problems, specFromForm, formFromSpec, byField, isLanguageModel } from './spec.js';

const demo = {
  model: 'demo', data: { uri: 'file:///tmp/d/', format: 'csv' },
  tokenizer: { levels: ['category', 'title', 'description', 'collaborative'], codebookSize: 64, encoderEpochs: 8 },
  training: { pretrainEpochs: 1, fineTuneEpochs: 1, adapter: 'moe-lora', experts: 4, rank: 8 },
  evaluation: { protocols: ['full-ranking', 'candidates'], maxUsers: 500, candidateDraws: 3 },
  promotion: { metric: 'full-ranking/NDCG@10', minGain: 0.0 }, seed: 42,
};

test('the demo spec is valid', () => assert.deepEqual(problems(demo), []));

test('an empty spec needs a model and data', () =>
  assert.deepEqual(problems({}), [
    "model: is required: lower-case letters, digits and '-', at most 64 characters",
    'data.uri: is required',
  ]));

test('cross-field rules', () => {
  const p = problems({ ...demo, training: { adapter: 'lora', experts: 2, rank: 3 },
    evaluation: { protocols: ['candidates'] } });
  assert.deepEqual(p, [
    'training.experts: must be 1 for plain lora',
    'training.rank: must be a multiple of experts (2)',
    "promotion.metric: must be 'protocol/metric' with a protocol the evaluation runs [candidates]",
  ]);
  assert.deepEqual(problems({ ...demo, training: { adapter: 'lora' } }), []);
  assert.deepEqual(problems({ ...demo, training: { pretrainEpochs: 0 } }),
    ['training.pretrainEpochs: must be at least 1 when no baseModel is given']);
  assert.deepEqual(problems({ ...demo, training: { pretrainEpochs: 0, baseModel: 'demo:3' } }), []);
});

test('the significance gate takes the server\'s ranges', () => {
  assert.deepEqual(problems({ ...demo, promotion: { significance: 0, bootstrapSamples: 100 } }), []);
  assert.deepEqual(problems({ ...demo, promotion: { significance: 0.6, bootstrapSamples: 99 } }), [
    "promotion.significance: must be in 0..0.5 (the test's alpha, e.g. 0.05; 0 turns the test off)",
    'promotion.bootstrapSamples: must be in 100..100000',
  ]);
});

test('ready-made codes replace the tokenizer settings', () => {
  const codesUri = 'file:///data/letter-instruments/Instruments.index.json';
  assert.deepEqual(problems({ ...demo, tokenizer: { codesUri } }), []);
  assert.deepEqual(problems({ ...demo, tokenizer: { codesUri: 'https://x/codes.json', codebookSize: 64, quantizer: 'kmeans' } }), [
    'tokenizer.codesUri: must be an s3:// or file:// URI of a JSON index {"item": ["<a_12>", ...]}',
    'tokenizer.codebookSize: must be left out when tokenizer.codesUri is given (the index fixes the level sizes)',
    "tokenizer.quantizer: must be 'given' (or left out) when tokenizer.codesUri is given",
  ]);
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'given' } }),
    ["tokenizer.codesUri: is required when tokenizer.quantizer is 'given'"]);
});

test('the learned VQ quantizer is a choice like k-means', () => {
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'vq' } }), []);
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'rq-vae' } }),
    ['tokenizer.quantizer: must be one of [kmeans, vq, given]']);
});

test('wrong JSON types are named, not crashed on', () => {
  const p = problems({ ...demo, seed: 'x', tokenizer: { levels: 'title', codebookSize: 1.5 } });
  assert.deepEqual(new Set(p), new Set(['seed: must be a whole number', 'tokenizer.codebookSize: must be a whole number',
    'tokenizer.levels: must be a list of names']));
  assert.equal(p.length, 3);
  // experts 0 would divide by zero in the rank rule: the client reports the range instead
  assert.ok(problems({ ...demo, training: { experts: 0 } }).includes('training.experts: must be in 1..64'));
});

test('form round trip leaves defaults out', () => {
  const { spec, errors } = specFromForm(formFromSpec(demo));
  assert.deepEqual(errors, []);
  assert.deepEqual(problems(spec), []);
  assert.equal(spec.tokenizer.levels, undefined);
  assert.equal(spec.training.rank, 8);
  assert.deepEqual(specFromForm({ ...formFromSpec(demo), 'training.rank': 'eight' }).errors, ['training.rank: must be a number']);
});

test('problems map to fields', () => {
  const { fields, other } = byField(['data.uri: is required', 'data.uri: again', 'something else']);
  assert.deepEqual(fields, { 'data.uri': ['is required', 'again'] });
  assert.deepEqual(other, ['something else']);
});

test('the temporal-gap split and protocol need each other', () => {
  const gap = { ...demo, data: { uri: 'file:///tmp/d/', format: 'caseq', split: 'temporal-gap' }, evaluation: {}, promotion: {} };
  assert.deepEqual(problems(gap), []);
  assert.deepEqual(problems({ ...gap, data: { ...gap.data, format: 'ilora' } }), [
    'data.split: temporal-gap cannot be used with format ilora, whose files fix the split; use auto or predefined']);
  assert.deepEqual(problems({ ...demo, evaluation: { protocols: ['temporal-gap'] }, promotion: {} }), [
    'evaluation.protocols: temporal-gap needs data.split temporal-gap, not auto']);
  assert.deepEqual(problems({ ...demo, data: { ...demo.data, lapse: 30 } }), [
    'data.lapse: only applies to data.split temporal-gap, not auto']);
  const { spec } = specFromForm(formFromSpec(gap));
  assert.equal(spec.evaluation?.protocols, undefined);
  assert.deepEqual(problems(spec), []);
});

test('comparison adapters mirror the server rules', () => {
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, compareAdapters: ['lora', 'full'] } }), []);
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, compareAdapters: ['lora', 'qlora', 'moe-lora', 'lora'] } }), [
    "training.compareAdapters: unknown adapter 'qlora', known: [moe-lora, lora, full]",
    "training.compareAdapters: must not name the candidate's own adapter (moe-lora)",
    'training.compareAdapters: names lora more than once',
  ]);
  assert.deepEqual(problems({ ...demo, training: { adapter: 'lora', rank: 6, compareAdapters: ['moe-lora'] } }), [
    'training.compareAdapters: a moe-lora comparison has 4 experts: the rank must be a multiple of 4',
  ]);
  assert.deepEqual(specFromForm(formFromSpec(demo)).spec.training.compareAdapters, undefined);
});

test('a named backbone other than tiny is a foundation model', () => {
  assert.equal(isLanguageModel(demo.training), false);
  assert.equal(isLanguageModel({ ...demo.training, backbone: 'tiny' }), false);
  assert.equal(isLanguageModel({ ...demo.training, backbone: 'smollm2-135m' }), true);
  assert.equal(isLanguageModel(undefined), false);
});
