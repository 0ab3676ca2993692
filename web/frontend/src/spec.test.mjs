// node --test src/spec.test.mjs : the client-side rules agree with the server's (PipelineSpec.problems()).
import test from 'node:test';
import assert from 'node:assert/strict';
import { FIELDS, UNSHOWN, applies, problems, specFromForm, formFromSpec, byField, isLanguageModel, withDefaults, withValue } from './spec.js';

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
    "promotion.metric: must be 'protocol/metric' with a protocol the evaluation runs [candidates], not 'full-ranking/NDCG@10'",
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

test('residual k-means takes a depth, no other quantizer does', () => {
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'rkmeans' } }), []);
  assert.equal(withDefaults({ ...demo, tokenizer: { quantizer: 'rkmeans' } }).tokenizer.residualDepth, 3);
  assert.equal(withDefaults(demo).tokenizer.residualDepth, null);
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'rkmeans', residualDepth: 1 } }),
    ['tokenizer.residualDepth: must be in 2..8']);
  assert.deepEqual(problems({ ...demo, tokenizer: { residualDepth: 3 } }),
    ["tokenizer.residualDepth: is only for tokenizer.quantizer 'rkmeans'"]);
});

test('the learned VQ quantizer is a choice like k-means', () => {
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'vq' } }), []);
  assert.deepEqual(problems({ ...demo, tokenizer: { quantizer: 'rq-vae' } }),
    ['tokenizer.quantizer: must be one of [kmeans, vq, rkmeans, given]']);
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

test('what the form has no field for comes back as the JSON gave it', () => {
  const written = { ...demo, cache: { skip: ['ingest'] }, training: { ...demo.training, fineTuneEpochs: 3 } };
  const form = formFromSpec(written);
  assert.deepEqual(form[UNSHOWN], { cache: { skip: ['ingest'] } }, 'only what no field shows');
  const { spec, errors } = specFromForm(withValue(form, 'training.fineTuneEpochs', '4'));
  assert.deepEqual(errors, []);
  assert.deepEqual(spec.cache, { skip: ['ingest'] });
  assert.equal(spec.training.fineTuneEpochs, 4);
  assert.equal(specFromForm(formFromSpec({ ...demo, cache: false })).spec.cache, false);
  assert.deepEqual(formFromSpec({})[UNSHOWN], {});
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
  assert.deepEqual(problems({ ...demo, data: { ...demo.data, format: 'caseq', split: 'temporal-gap', lapse: 2147483647 },
    evaluation: {}, promotion: {} }), [
    'data.lapse: must be in 2..100000 (at least 2: the in- and out-of-distribution targets must differ)']);
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

test('dropout mirrors the server rules and stays out of a spec that does not set it', () => {
  const withDropout = (dropout, training = demo.training) => ({ ...demo, training: { ...training, dropout } });
  assert.deepEqual(problems(withDropout(0.1)), []);
  assert.deepEqual(problems(withDropout(0.95)), ['training.dropout: must be in 0..0.9']);
  assert.deepEqual(problems(withDropout(-0.1)), ['training.dropout: must be in 0..0.9']);
  assert.deepEqual(problems(withDropout(0.1, { backbone: 'smollm2-135m' })).filter((p) => p.startsWith('training.dropout')),
    ["training.dropout: applies to the tiny backbone only (a foundation model's adapters use LoRA's dropout)"]);
  assert.equal(withDefaults(demo).training.dropout, null);
  assert.equal(specFromForm(formFromSpec(demo)).spec.training.dropout, undefined);
  assert.equal(specFromForm(formFromSpec(withDropout(0.2))).spec.training.dropout, 0.2);
});

test('a named backbone other than tiny is a foundation model', () => {
  assert.equal(isLanguageModel(demo.training), false);
  assert.equal(isLanguageModel({ ...demo.training, backbone: 'tiny' }), false);
  assert.equal(isLanguageModel({ ...demo.training, backbone: 'smollm2-135m' }), true);
  assert.equal(isLanguageModel(undefined), false);
  // as the server: a blank name is not the tiny backbone but a foundation model's name, and a bad one
  assert.equal(isLanguageModel({ backbone: '' }), true);
});

// a spec on an imported foundation model, as the browser test's recorded run (only the candidates protocol)
const lm = {
  ...demo,
  training: { fineTuneEpochs: 1, adapter: 'moe-lora', experts: 2, rank: 4, compareAdapters: ['lora'], backbone: 'tiny-llama',
    maxPromptTokens: 900, maxTrainingExamples: 24 },
  evaluation: { protocols: ['candidates'], maxUsers: 30, candidateCount: 10, candidateDraws: 2 },
  promotion: { metric: 'candidates/HR@1' },
};

test('a foundation-model backbone: its own fields, defaults and rules', () => {
  assert.deepEqual(problems(lm), []);
  // left out, the protocols are candidates only and the gate metric candidates/HR@1 (not the tiny backbone's)
  const bare = { model: 'demo', data: demo.data, training: { backbone: 'smollm2-135m' } };
  assert.deepEqual(problems(bare), []);
  const filled = withDefaults(bare);
  assert.deepEqual(filled.evaluation.protocols, ['candidates']);
  assert.equal(filled.promotion.metric, 'candidates/HR@1');
  assert.equal(filled.training.maxPromptTokens, 512);
  assert.equal(filled.training.maxTrainingExamples, 0);
  assert.equal(filled.training.promptTemplate, null);
  // the tiny backbone is kept as null, named or not, and its LM-only fields have no default
  for (const training of [{}, { backbone: 'tiny' }]) {
    const t = withDefaults({ ...demo, training }).training;
    assert.deepEqual([t.backbone, t.maxPromptTokens, t.maxTrainingExamples, t.promptTemplate], [null, null, null, null]);
  }
  assert.deepEqual(problems({ ...lm, training: { ...lm.training, backbone: 'Llama_3', adapter: 'full', compareAdapters: ['lora', 'full'],
    baseModel: 'demo:3', maxPromptTokens: 31, maxTrainingExamples: -1 } }), [
    "training.compareAdapters: must not name the candidate's own adapter (full)",
    "training.backbone: must be 'tiny' or the name of an imported foundation model",
    'training.adapter: must be one of [moe-lora, lora] for a foundation-model backbone: its base stays frozen, so not full',
    'training.compareAdapters: cannot hold full for a foundation-model backbone: its base stays frozen',
    'training.baseModel: applies to the tiny backbone only; a foundation-model backbone starts from training.backbone',
    'training.maxPromptTokens: must be in 32..8192',
    'training.maxTrainingExamples: must be 0 (all) or more',
  ]);
  assert.deepEqual(problems({ ...lm, training: { ...lm.training, maxPromptTokens: 8193 } }),
    ['training.maxPromptTokens: must be in 32..8192']);
  assert.deepEqual(problems({ ...lm, training: { ...lm.training, backbone: '' } }),
    ["training.backbone: must be 'tiny' or the name of an imported foundation model"]);
  // pre-training fields play no part but keep their rules, as on the server; a name with dots and digits is a name
  assert.deepEqual(problems({ ...lm, training: { ...lm.training, backbone: 'qwen2.5-0.5b', pretrainEpochs: 3, layers: 4 } }), []);
  assert.deepEqual(problems({ ...lm, training: { ...lm.training, pretrainEpochs: 0 } }),
    ['training.pretrainEpochs: must be at least 1 when no baseModel is given']);
});

test('a foundation model runs the candidates protocol only', () => {
  assert.deepEqual(problems({ ...lm, evaluation: { protocols: ['full-ranking', 'candidates'] }, promotion: {} }), [
    'evaluation.protocols: full-ranking is not run for a foundation-model backbone, which is scored with [candidates] only',
  ]);
  assert.deepEqual(problems({ ...lm, promotion: { metric: 'full-ranking/NDCG@10' } }), [
    "promotion.metric: must be 'protocol/metric' with a protocol the evaluation runs [candidates], not 'full-ranking/NDCG@10'",
  ]);
  // a language model's generated answers have a hit rate to gate on; the tiny backbone generates none
  assert.deepEqual(problems({ ...lm, promotion: { metric: 'candidates/HR@1-generated' } }), []);
  assert.deepEqual(problems({ ...demo, promotion: { metric: 'candidates/HR@1-generated' } }), [
    "promotion.metric: 'HR@1-generated' is not a score candidates reports for every model; one of [HR@1]",
  ]);
  assert.deepEqual(problems({ ...demo, promotion: { metric: 'full-ranking/NDGC@10' } }), [
    "promotion.metric: 'NDGC@10' is not a score full-ranking reports for every model; one of"
      + ' [Recall@1, Recall@5, Recall@10, NDCG@5, NDCG@10]',
  ]);
  // the temporal-gap split has no test examples for candidates
  assert.deepEqual(problems({ ...lm, data: { ...demo.data, format: 'caseq', split: 'temporal-gap' }, evaluation: {}, promotion: {} }), [
    'evaluation.protocols: candidates needs a split with test examples (data.split auto, leave-one-out or predefined);'
      + ' the temporal-gap split has only in- and out-of-distribution examples',
  ]);
});

test('the prompt template holds [HistoryHere] then [CansHere], once each', () => {
  const withTemplate = (promptTemplate) => problems({ ...lm, training: { ...lm.training, promptTemplate } });
  const wrong = ['training.promptTemplate: must hold [HistoryHere] once, then [CansHere] once'];
  assert.deepEqual(withTemplate('This user has watched [HistoryHere]. Choose from [CansHere]. Answer:'), []);
  assert.deepEqual(withTemplate('Choose from [CansHere] after [HistoryHere]'), wrong);
  assert.deepEqual(withTemplate('[HistoryHere] [HistoryHere] [CansHere]'), wrong);
  assert.deepEqual(withTemplate('[HistoryHere] [CansHere] [CansHere]'), wrong);
  assert.deepEqual(withTemplate('[HistoryHere] only'), wrong);
  assert.deepEqual(withTemplate(''), wrong);
});

test('the language-model fields are for a foundation model only', () => {
  const only = ['training.backbone: maxPromptTokens, maxTrainingExamples and promptTemplate apply only to a foundation-model'
    + ' backbone, not the tiny one'];
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, maxPromptTokens: 512 } }), only);
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, backbone: 'tiny', maxTrainingExamples: 0, promptTemplate: 'x' } }), only);
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, backbone: 'tiny' } }), []);
  assert.deepEqual(problems({ ...demo, training: { ...demo.training, maxPromptTokens: '512' } }),
    ['training.maxPromptTokens: must be a whole number']);
});

test('the form sends a foundation model\'s fields, and not pre-training\'s', () => {
  const form = formFromSpec(lm);
  assert.equal(form['training.backbone'], 'tiny-llama');
  const { spec, errors } = specFromForm({ ...form, 'training.baseModel': 'demo:3', 'training.pretrainEpochs': '3',
    'training.layers': 'x', 'training.promptTemplate': '  Watched [HistoryHere]; pick one of [CansHere]:  ' });
  assert.deepEqual(errors, [], 'a field that plays no part is not read');
  assert.deepEqual(spec.training, { ...lm.training, promptTemplate: 'Watched [HistoryHere]; pick one of [CansHere]:' });
  assert.equal(spec.evaluation.protocols, undefined, 'candidates only is the default');
  assert.deepEqual(problems(spec), []);
  // back on the tiny backbone: the LM fields stay in the form but are not sent, pre-training's are again
  const tiny = specFromForm({ ...form, 'training.backbone': '', 'training.pretrainEpochs': '3' }).spec;
  assert.equal(tiny.training.backbone, undefined);
  assert.equal(tiny.training.maxPromptTokens, undefined);
  assert.equal(tiny.training.pretrainEpochs, 3);
  const shown = (raw) => FIELDS.filter((f) => f.group === 'training' && !applies(f, raw)).map((f) => f.path);
  assert.deepEqual(shown(lm), ['training.baseModel', 'training.pretrainEpochs', 'training.pretrainLearningRate',
    'training.layers', 'training.hiddenSize', 'training.dropout']);
  assert.deepEqual(shown(demo), ['training.maxPromptTokens', 'training.maxTrainingExamples', 'training.promptTemplate']);
});

test('a protocol list left at its default follows the backbone and the split; a chosen one stays', () => {
  let form = formFromSpec({});
  assert.deepEqual(form['evaluation.protocols'], ['full-ranking', 'candidates']);
  form = withValue(form, 'training.backbone', 'smollm2-135m');
  assert.deepEqual(form['evaluation.protocols'], ['candidates']);
  assert.equal(specFromForm(form).spec.evaluation, undefined);
  form = withValue(form, 'training.backbone', '');
  assert.deepEqual(form['evaluation.protocols'], ['full-ranking', 'candidates']);
  form = withValue(form, 'data.split', 'temporal-gap');
  assert.deepEqual(form['evaluation.protocols'], ['temporal-gap']);
  form = withValue(withValue(form, 'data.split', ''), 'evaluation.protocols', ['full-ranking']);
  assert.deepEqual(withValue(form, 'training.backbone', 'smollm2-135m')['evaluation.protocols'], ['full-ranking']);
});

test('evaluation.validation needs a protocol with validation targets, and the tiny backbone', () => {
  assert.deepEqual(problems({ ...demo, evaluation: { ...demo.evaluation, validation: true } }), []);
  assert.deepEqual(problems({ ...demo, evaluation: { protocols: ['candidates'], validation: true }, promotion: { metric: 'candidates/HR@1' } }), []);
  assert.equal(withDefaults(demo).evaluation.validation, false);
  // the temporal-gap split's protocol has no validation targets
  const gap = { ...demo, data: { uri: 'file:///tmp/d/', format: 'caseq', split: 'temporal-gap' }, promotion: {} };
  assert.deepEqual(problems({ ...gap, evaluation: { validation: true } }), [
    'evaluation.validation: needs a protocol scored on validation targets [full-ranking, candidates]; temporal-gap has none']);
  assert.deepEqual(problems({ ...gap, evaluation: { validation: false } }), []);
  // a foundation model's evaluation scores test users only
  assert.deepEqual(problems({ ...lm, evaluation: { ...lm.evaluation, validation: true } }), [
    'evaluation.validation: is not available for a foundation-model candidate yet (its evaluation scores test users only)']);
  assert.deepEqual(problems({ ...demo, evaluation: { validation: 'yes' } }), ['evaluation.validation: must be true or false']);
  // the form: a checkbox, sent only when checked, and not offered for a foundation model
  const field = FIELDS.find((f) => f.path === 'evaluation.validation');
  assert.equal(field.type, 'bool');
  assert.equal(applies(field, demo), true);
  assert.equal(applies(field, lm), false);
  assert.equal(specFromForm(formFromSpec(demo)).spec.evaluation.validation, undefined);
  const checked = specFromForm({ ...formFromSpec(demo), 'evaluation.validation': true }).spec;
  assert.equal(checked.evaluation.validation, true);
  assert.deepEqual(problems(checked), []);
  assert.equal(specFromForm({ ...formFromSpec(lm), 'evaluation.validation': true }).spec.evaluation.validation, undefined);
});
