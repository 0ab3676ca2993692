// The pipeline spec: its fields, defaults and validation rules, kept the same as
// workflows/src/main/java/io/recflow/workflows/spec/*Spec.java (PipelineSpec.problems()), so the
// form shows what the server would refuse before it is sent. Problems read "field: message".

export const FORMATS = ['auto', 'movielens', 'csv', 'letter', 'ilora', 'caseq'];
export const LEVELS = ['category', 'title', 'description', 'collaborative'];
export const QUANTIZERS = ['kmeans', 'vq', 'rkmeans', 'given'];
const RESIDUAL_KMEANS = 'rkmeans';
const CODES_SCHEMES = ['file://', 's3://'];
export const ENCODERS = ['sasrec', 'caseq'];
export const ADAPTERS = ['moe-lora', 'lora', 'full'];
const DEFAULT_EXPERTS = 4;
export const DEVICES = ['auto', 'cpu', 'gpu'];
// training.backbone: absent or 'tiny' is the platform's small generative backbone, else an imported foundation model
export const TINY_BACKBONE = 'tiny';
// a foundation model's base stays frozen: no full fine-tuning (TrainingSpec.LANGUAGE_MODEL_ADAPTERS)
const LANGUAGE_MODEL_ADAPTERS = ['moe-lora', 'lora'];
const DEFAULT_MAX_PROMPT_TOKENS = 512;
/** Above this a dropout leaves too little of each pass to learn from (TrainingSpec.MAX_DROPOUT). */
const MAX_DROPOUT = 0.9;
// as the foundation-model import names models (TrainingSpec.FOUNDATION_MODEL_NAME)
const FOUNDATION_MODEL_NAME = /^[a-z][a-z0-9.-]{0,62}$/;
const HISTORY_MARKER = '[HistoryHere]';
const CANDIDATES_MARKER = '[CansHere]';
// what a foundation-model candidate is scored with (EvaluationSpec.LANGUAGE_MODEL_PROTOCOLS), and gated on
const LANGUAGE_MODEL_PROTOCOLS = ['candidates'];
const LANGUAGE_MODEL_METRIC = 'candidates/HR@1';
export const SPLITS = ['auto', 'leave-one-out', 'predefined', 'temporal-gap'];
// CaseQ's --lapse 30 counts events differently: the same protocol is lapse 31 here (DataSpec.DEFAULT_LAPSE)
const DEFAULT_LAPSE = 31;
// at most this many events withheld per user (DataSpec.MAX_LAPSE)
const MAX_LAPSE = 100000;
const TEST_EXAMPLE_PROTOCOLS = ['full-ranking', 'candidates'];
export const PROTOCOLS = [...TEST_EXAMPLE_PROTOCOLS, 'temporal-gap'];
// the scores each protocol reports per user for every model, higher being better: what the promotion gate may
// name (EvaluationSpec.SCORES); a foundation-model candidate also has its generated answers' hit rate
const SCORES = {
  'full-ranking': ['Recall@1', 'Recall@5', 'Recall@10', 'NDCG@5', 'NDCG@10'],
  candidates: ['HR@1'],
  'temporal-gap': ['HR@10-id', 'NDCG@10-id', 'HR@10-ood', 'NDCG@10-ood'],
};
const GENERATED_HIT_RATIO = 'HR@1-generated';
const temporalGap = (raw) => raw?.data?.split === 'temporal-gap';
/** Whether the run fine-tunes an imported foundation model (TrainingSpec.isLanguageModel()). */
export function isLanguageModel(training) {
  return training?.backbone !== undefined && training.backbone !== null && training.backbone !== TINY_BACKBONE;
}
const languageModel = (raw) => isLanguageModel(raw?.training);
const defaultProtocols = (raw) => {
  if (languageModel(raw)) return LANGUAGE_MODEL_PROTOCOLS;
  return temporalGap(raw) ? ['temporal-gap'] : TEST_EXAMPLE_PROTOCOLS;
};
const defaultMetric = (raw) => {
  if (languageModel(raw)) return LANGUAGE_MODEL_METRIC;
  const protocols = raw?.evaluation?.protocols ?? defaultProtocols(raw);
  return protocols.length === 1 && protocols[0] === 'temporal-gap' ? 'temporal-gap/NDCG@10-ood' : 'full-ranking/NDCG@10';
};
// pre-training and the tiny backbone's shape play no part when a foundation model is fine-tuned
const tinyOnly = (raw) => !languageModel(raw);
const MODEL_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const BASE_MODEL = /^[a-z0-9][a-z0-9-]{0,63}:[0-9]+$/;

/**
 * Every field the form edits. type: text | int | num | select | multi | bool.
 * `def` is the default the server fills in (a function when it depends on the raw spec).
 * `applies(raw)`, when given, says whether the field plays a part in a run of that spec: the form shows it, and
 * sends its value, only then (the raw spec is the one built from the fields before it).
 */
export const FIELDS = [
  { path: 'model', label: 'Model name', type: 'text', group: 'run', required: true,
    help: 'The registry model this run makes a version of: lower-case letters, digits and -.' },
  { path: 'seed', label: 'Seed', type: 'int', group: 'run', def: 42, help: 'Every random choice of the run derives from it.' },
  { path: 'data.uri', label: 'Data URI', type: 'text', group: 'data', required: true,
    help: 'file:// (under the platform\'s data folder) or s3://; a file or a folder.' },
  { path: 'data.format', label: 'Format', type: 'select', options: FORMATS, group: 'data', def: 'auto' },
  { path: 'data.itemsUri', label: 'Items URI', type: 'text', group: 'data', help: 'Optional item metadata CSV: id, category, title, description.' },
  { path: 'data.minSequenceLength', label: 'Min. sequence length', type: 'int', group: 'data', def: 3 },
  { path: 'data.split', label: 'Split', type: 'select', options: SPLITS, group: 'data', def: 'auto',
    help: 'auto: the data\'s own split (ilora), else leave-one-out; temporal-gap: CaseQ\'s protocol.' },
  { path: 'data.lapse', label: 'Lapse (temporal-gap)', type: 'int', group: 'data', def: (raw) => (temporalGap(raw) ? DEFAULT_LAPSE : null),
    help: 'Events withheld from training per user; 31 = CaseQ\'s --lapse 30.' },
  { path: 'data.trainUri', label: 'Training users URI (ilora)', type: 'text', group: 'data',
    help: 'Optional: a MovieLens 100K folder whose other users train beside the iLoRA val/test rows.' },
  { path: 'tokenizer.levels', label: 'Semantic levels (coarse to fine)', type: 'multi', options: LEVELS, group: 'tokenizer', def: LEVELS },
  { path: 'tokenizer.codebookSize', label: 'Codebook size', type: 'int', group: 'tokenizer', def: 256 },
  { path: 'tokenizer.quantizer', label: 'Quantizer', type: 'select', options: QUANTIZERS, group: 'tokenizer', def: 'kmeans' },
  { path: 'tokenizer.residualDepth', label: 'Residual levels (rkmeans)', type: 'int', group: 'tokenizer',
    def: (raw) => (raw?.tokenizer?.quantizer === RESIDUAL_KMEANS ? 3 : null),
    help: 'rkmeans: each level becomes this many levels, each quantising what the coarser ones left (as TIGER and LETTER build codes).' },
  { path: 'tokenizer.encoder', label: 'Sequence encoder', type: 'select', options: ENCODERS, group: 'tokenizer', def: 'sasrec' },
  { path: 'tokenizer.encoderEpochs', label: 'Encoder epochs', type: 'int', group: 'tokenizer', def: 20 },
  { path: 'tokenizer.embeddingDim', label: 'Embedding dim.', type: 'int', group: 'tokenizer', def: 64 },
  { path: 'tokenizer.codesUri', label: 'Ready-made codes URI', type: 'text', group: 'tokenizer',
    help: 'Optional: item codes from another tokenizer, e.g. LETTER\'s Instruments.index.json; then leave levels and codebook size out.' },
  { path: 'training.backbone', label: 'Backbone', type: 'select', options: [TINY_BACKBONE], group: 'training', def: TINY_BACKBONE,
    help: 'tiny: the platform\'s small generative backbone. Or an imported foundation model, fine-tuned LLaRA\'s way'
      + ' with moe-lora or lora (its base stays frozen) and scored with the candidates protocol only.' },
  { path: 'training.maxPromptTokens', label: 'Max. prompt tokens', type: 'int', group: 'training', applies: languageModel,
    def: (raw) => (languageModel(raw) ? DEFAULT_MAX_PROMPT_TOKENS : null),
    help: 'Prompts are cut to this many tokens, oldest history first (32..8192).' },
  { path: 'training.maxTrainingExamples', label: 'Max. training examples (0 = all)', type: 'int', group: 'training',
    applies: languageModel, def: (raw) => (languageModel(raw) ? 0 : null),
    help: 'A sample drawn with the run\'s seed: a language model trains on far fewer examples than the tiny backbone.' },
  { path: 'training.promptTemplate', label: 'Prompt template', type: 'text', multiline: true, group: 'training',
    applies: languageModel,
    help: `Optional: the instruction, holding ${HISTORY_MARKER} once, then ${CANDIDATES_MARKER} once; empty = the data set's`
      + ' (MovieLens, LastFM, or a neutral "items" one).' },
  { path: 'training.baseModel', label: 'Base model (name:version)', type: 'text', group: 'training', applies: tinyOnly,
    help: 'Fine-tune a registered version, e.g. demo:3; empty = pre-train a backbone first.' },
  { path: 'training.pretrainEpochs', label: 'Pre-train epochs', type: 'int', group: 'training', def: 10, applies: tinyOnly },
  { path: 'training.fineTuneEpochs', label: 'Fine-tune epochs', type: 'int', group: 'training', def: 5 },
  { path: 'training.adapter', label: 'Adapter', type: 'select', options: ADAPTERS, group: 'training', def: 'moe-lora' },
  { path: 'training.experts', label: 'Experts', type: 'int', group: 'training', def: (raw) => (raw?.training?.adapter === 'lora' ? 1 : DEFAULT_EXPERTS) },
  { path: 'training.rank', label: 'Rank', type: 'int', group: 'training', def: 8 },
  { path: 'training.alpha', label: 'LoRA alpha', type: 'num', group: 'training', def: 32 },
  { path: 'training.learningRate', label: 'Learning rate', type: 'num', group: 'training', def: 5e-4 },
  { path: 'training.pretrainLearningRate', label: 'Pre-train learning rate', type: 'num', group: 'training', def: 1e-3,
    applies: tinyOnly },
  { path: 'training.batchSize', label: 'Batch size', type: 'int', group: 'training', def: 64 },
  { path: 'training.historyLength', label: 'History length', type: 'int', group: 'training', def: 20 },
  { path: 'training.layers', label: 'Layers', type: 'int', group: 'training', def: 2, applies: tinyOnly },
  { path: 'training.hiddenSize', label: 'Hidden size', type: 'int', group: 'training', def: 64, applies: tinyOnly },
  { path: 'training.dropout', label: 'Dropout', type: 'num', group: 'training', applies: tinyOnly,
    help: 'While the backbone trains: on its embeddings and on what each block adds to the residual stream. Empty = none.' },
  { path: 'training.checkpointEvery', label: 'Checkpoint every (steps)', type: 'int', group: 'training', def: 50 },
  { path: 'training.device', label: 'Device', type: 'select', options: DEVICES, group: 'training', def: 'auto' },
  { path: 'training.compareAdapters', label: 'Also train and evaluate (comparisons)', type: 'multi', options: ADAPTERS,
    group: 'training', def: [],
    help: 'Other adapters fine-tuned from the same pre-trained base, seed and settings, reported as +lora, +full, ...' },
  { path: 'evaluation.protocols', label: 'Protocols', type: 'multi', options: PROTOCOLS, group: 'evaluation', def: defaultProtocols },
  { path: 'evaluation.beamSize', label: 'Beam size', type: 'int', group: 'evaluation', def: 20 },
  { path: 'evaluation.maxUsers', label: 'Max. test users (0 = all)', type: 'int', group: 'evaluation', def: 1000 },
  { path: 'evaluation.candidateCount', label: 'Candidates per user', type: 'int', group: 'evaluation', def: 20 },
  { path: 'evaluation.candidateDraws', label: 'Candidate draws', type: 'int', group: 'evaluation', def: 5 },
  // a foundation model's evaluation scores test users only (EvaluationSpec.validateForLanguageModel)
  { path: 'evaluation.validation', label: 'Also score on the validation targets', type: 'bool', group: 'evaluation', def: false,
    applies: tinyOnly,
    help: 'A validation row beside the test numbers (what sweeps choose by), under full-ranking and candidates; it costs a second scoring.' },
  { path: 'promotion.metric', label: 'Gate metric (protocol/metric)', type: 'text', group: 'promotion', def: defaultMetric },
  { path: 'promotion.minGain', label: 'Min. gain over champion', type: 'num', group: 'promotion', def: 0 },
  { path: 'promotion.requireApproval', label: 'Wait for a person\'s approval', type: 'bool', group: 'promotion', def: false },
  { path: 'promotion.approvalTimeoutSeconds', label: 'Approval timeout (s)', type: 'int', group: 'promotion', def: 604800 },
  { path: 'promotion.significance', label: 'Significance alpha (0 = off)', type: 'num', group: 'promotion', def: 0.05 },
  { path: 'promotion.bootstrapSamples', label: 'Bootstrap resamples', type: 'int', group: 'promotion', def: 2000 },
];

export const GROUPS = [
  ['run', 'Run'], ['data', 'Data'], ['tokenizer', 'Tokenizer'], ['training', 'Training'],
  ['evaluation', 'Evaluation'], ['promotion', 'Promotion gate'],
];

export function get(obj, path) {
  return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]] = value;
}

export function defaultOf(field, raw) {
  return typeof field.def === 'function' ? field.def(raw) : field.def;
}

/** "must be a number" style problems for values of the wrong JSON type (Jackson would refuse them). */
function typeProblems(raw) {
  const out = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ['spec: must be a JSON object'];
  for (const group of ['data', 'tokenizer', 'training', 'evaluation', 'promotion']) {
    const g = raw[group];
    if (g !== undefined && g !== null && (typeof g !== 'object' || Array.isArray(g))) out.push(`${group}: must be an object`);
  }
  for (const f of FIELDS) {
    const v = get(raw, f.path);
    if (v === undefined || v === null) continue;
    if (f.type === 'int' && !(typeof v === 'number' && Number.isInteger(v))) out.push(`${f.path}: must be a whole number`);
    else if (f.type === 'num' && !(typeof v === 'number' && Number.isFinite(v))) out.push(`${f.path}: must be a number`);
    else if ((f.type === 'text' || f.type === 'select') && typeof v !== 'string') out.push(`${f.path}: must be text`);
    else if (f.type === 'bool' && typeof v !== 'boolean') out.push(`${f.path}: must be true or false`);
    else if (f.type === 'multi' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) out.push(`${f.path}: must be a list of names`);
  }
  return out;
}

/** The spec with every default filled in, as the server's withDefaults() does. */
export function withDefaults(raw) {
  const spec = {};
  for (const f of FIELDS) {
    const v = get(raw, f.path);
    set(spec, f.path, v === undefined || v === null ? defaultOf(f, raw) : v);
  }
  if (get(raw, 'data.uri') == null) spec.data.uri = null;
  if (get(raw, 'data.itemsUri') == null) spec.data.itemsUri = null;
  if (get(raw, 'data.trainUri') == null) spec.data.trainUri = null;
  if (get(raw, 'training.baseModel') == null) spec.training.baseModel = null;
  // the tiny backbone is kept as null, as the server keeps it; the template has no default
  if (!languageModel(raw)) spec.training.backbone = null;
  if (get(raw, 'training.promptTemplate') == null) spec.training.promptTemplate = null;
  if (get(raw, 'training.dropout') == null) spec.training.dropout = null;
  if (get(raw, 'tokenizer.codesUri') == null) {
    spec.tokenizer.codesUri = null;
  } else {
    // ready-made codes: levels and codebook size play no part, so they have no default
    spec.tokenizer.levels = get(raw, 'tokenizer.levels') ?? null;
    spec.tokenizer.codebookSize = get(raw, 'tokenizer.codebookSize') ?? null;
    spec.tokenizer.quantizer = get(raw, 'tokenizer.quantizer') ?? 'given';
  }
  if (get(raw, 'model') == null) spec.model = null;
  return spec;
}

/** Every problem of a spec, as "field: message", in the server's order; empty when it is valid. */
export function problems(raw) {
  const typed = typeProblems(raw);
  if (typed.length && typed[0].startsWith('spec:')) return typed;
  // values of the wrong type are reported above and judged no further (their default stands in)
  const clean = JSON.parse(JSON.stringify(raw));
  for (const p of typed) {
    const path = p.slice(0, p.indexOf(':'));
    const keys = path.split('.');
    const parent = keys.length > 1 ? get(clean, keys.slice(0, -1).join('.')) : clean;
    if (parent && typeof parent === 'object') delete parent[keys[keys.length - 1]];
    if (keys.length === 1 && ['data', 'tokenizer', 'training', 'evaluation', 'promotion'].includes(path)) delete clean[path];
  }
  const s = withDefaults(clean);
  const out = [...typed];
  const req = (ok, field, message) => { if (!ok) out.push(`${field}: ${message}`); };
  const list = (a) => `[${a.join(', ')}]`;

  req(s.model !== null && MODEL_NAME.test(s.model), 'model',
    'is required: lower-case letters, digits and \'-\', at most 64 characters');
  const d = s.data;
  req(d.uri !== null && d.uri.trim() !== '', 'data.uri', 'is required');
  req(FORMATS.includes(d.format), 'data.format', `must be one of ${list(FORMATS)}`);
  req(d.minSequenceLength >= 3, 'data.minSequenceLength',
    'must be at least 3 (leave-one-out keeps one item for validation and one for test)');
  req(SPLITS.includes(d.split), 'data.split', `must be one of ${list(SPLITS)}`);
  req(d.split !== 'temporal-gap' || d.format !== 'ilora', 'data.split',
    'temporal-gap cannot be used with format ilora, whose files fix the split; use auto or predefined');
  req(d.split !== 'predefined' || d.format === 'ilora' || d.format === 'auto', 'data.split',
    `predefined needs a format that ships its split (ilora), not ${d.format}`);
  if (d.split === 'temporal-gap') {
    req(d.lapse >= 2 && d.lapse <= MAX_LAPSE, 'data.lapse',
      `must be in 2..${MAX_LAPSE} (at least 2: the in- and out-of-distribution targets must differ)`);
  } else {
    req(d.lapse === null, 'data.lapse', `only applies to data.split temporal-gap, not ${d.split}`);
  }
  if (d.trainUri !== null) {
    req(d.trainUri.trim() !== '', 'data.trainUri', 'must not be blank; leave it out instead');
    req(d.format === 'ilora' || d.format === 'auto', 'data.trainUri',
      `only applies to format ilora (training users for its val/test users), not ${d.format}`);
  }

  const t = s.tokenizer;
  if (t.codesUri !== null) {
    req(CODES_SCHEMES.some((x) => t.codesUri.trim().startsWith(x)), 'tokenizer.codesUri',
      'must be an s3:// or file:// URI of a JSON index {"item": ["<a_12>", ...]}');
    req(t.levels === null, 'tokenizer.levels', 'must be left out when tokenizer.codesUri is given (the index fixes the levels)');
    req(t.codebookSize === null, 'tokenizer.codebookSize',
      'must be left out when tokenizer.codesUri is given (the index fixes the level sizes)');
    req(t.quantizer === 'given', 'tokenizer.quantizer', "must be 'given' (or left out) when tokenizer.codesUri is given");
  } else {
    req(t.levels.length > 0, 'tokenizer.levels', 'must name at least one level');
    for (const level of t.levels) req(LEVELS.includes(level), 'tokenizer.levels', `unknown level '${level}', known: ${list(LEVELS)}`);
    req(t.codebookSize >= 2 && t.codebookSize <= 4096, 'tokenizer.codebookSize', 'must be in 2..4096');
    req(QUANTIZERS.includes(t.quantizer), 'tokenizer.quantizer', `must be one of ${list(QUANTIZERS)}`);
    req(t.quantizer !== 'given', 'tokenizer.codesUri', "is required when tokenizer.quantizer is 'given'");
  }
  if (t.quantizer === RESIDUAL_KMEANS) {
    req(t.residualDepth >= 2 && t.residualDepth <= 8, 'tokenizer.residualDepth', 'must be in 2..8');
  } else {
    req(t.residualDepth === null, 'tokenizer.residualDepth', `is only for tokenizer.quantizer '${RESIDUAL_KMEANS}'`);
  }
  req(ENCODERS.includes(t.encoder), 'tokenizer.encoder', `must be one of ${list(ENCODERS)}`);
  req(t.encoderEpochs >= 1 && t.encoderEpochs <= 1000, 'tokenizer.encoderEpochs', 'must be in 1..1000');
  req(t.embeddingDim >= 8 && t.embeddingDim <= 1024, 'tokenizer.embeddingDim', 'must be in 8..1024');

  const r = s.training;
  req(r.baseModel === null || BASE_MODEL.test(r.baseModel), 'training.baseModel', 'must be \'name:version\', e.g. \'demo:3\'');
  req(r.pretrainEpochs >= 0 && r.pretrainEpochs <= 1000, 'training.pretrainEpochs', 'must be in 0..1000');
  req(r.baseModel !== null || r.pretrainEpochs >= 1, 'training.pretrainEpochs', 'must be at least 1 when no baseModel is given');
  req(r.fineTuneEpochs >= 0 && r.fineTuneEpochs <= 1000, 'training.fineTuneEpochs', 'must be in 0..1000');
  req(ADAPTERS.includes(r.adapter), 'training.adapter', `must be one of ${list(ADAPTERS)}`);
  req(r.experts >= 1 && r.experts <= 64, 'training.experts', 'must be in 1..64');
  req(r.adapter !== 'lora' || r.experts === 1, 'training.experts', 'must be 1 for plain lora');
  req(r.rank >= 1 && r.rank <= 256, 'training.rank', 'must be in 1..256');
  req(r.experts !== 0 && r.rank % r.experts === 0, 'training.rank', `must be a multiple of experts (${r.experts})`);
  req(r.alpha > 0, 'training.alpha', 'must be positive');
  req(r.learningRate > 0 && r.learningRate < 1, 'training.learningRate', 'must be in (0, 1)');
  req(r.pretrainLearningRate > 0 && r.pretrainLearningRate < 1, 'training.pretrainLearningRate', 'must be in (0, 1)');
  req(r.batchSize >= 1 && r.batchSize <= 4096, 'training.batchSize', 'must be in 1..4096');
  req(r.historyLength >= 1 && r.historyLength <= 200, 'training.historyLength', 'must be in 1..200');
  req(r.layers >= 1 && r.layers <= 24, 'training.layers', 'must be in 1..24');
  req(r.hiddenSize >= 8 && r.hiddenSize <= 2048, 'training.hiddenSize', 'must be in 8..2048');
  req(r.checkpointEvery >= 1, 'training.checkpointEvery', 'must be at least 1');
  req(DEVICES.includes(r.device), 'training.device', `must be one of ${list(DEVICES)}`);
  const compared = new Set();
  for (const other of r.compareAdapters) {
    req(ADAPTERS.includes(other), 'training.compareAdapters', `unknown adapter '${other}', known: ${list(ADAPTERS)}`);
    req(other !== r.adapter, 'training.compareAdapters', `must not name the candidate's own adapter (${r.adapter})`);
    req(!compared.has(other), 'training.compareAdapters', `names ${other} more than once`);
    compared.add(other);
    req(other !== 'moe-lora' || r.rank % DEFAULT_EXPERTS === 0, 'training.compareAdapters',
      `a moe-lora comparison has ${DEFAULT_EXPERTS} experts: the rank must be a multiple of ${DEFAULT_EXPERTS}`);
  }
  req(r.dropout === null || (r.dropout >= 0 && r.dropout <= MAX_DROPOUT), 'training.dropout',
    `must be in 0..${MAX_DROPOUT}`);
  const lm = isLanguageModel(r);
  if (lm) {
    req(r.dropout === null, 'training.dropout',
      "applies to the tiny backbone only (a foundation model's adapters use LoRA's dropout)");
    req(FOUNDATION_MODEL_NAME.test(r.backbone), 'training.backbone',
      "must be 'tiny' or the name of an imported foundation model");
    req(LANGUAGE_MODEL_ADAPTERS.includes(r.adapter), 'training.adapter', `must be one of ${list(LANGUAGE_MODEL_ADAPTERS)}`
      + ` for a foundation-model backbone: its base stays frozen, so not ${r.adapter}`);
    req(!r.compareAdapters.includes('full'), 'training.compareAdapters',
      'cannot hold full for a foundation-model backbone: its base stays frozen');
    req(r.baseModel === null, 'training.baseModel',
      'applies to the tiny backbone only; a foundation-model backbone starts from training.backbone');
    req(r.maxPromptTokens >= 32 && r.maxPromptTokens <= 8192, 'training.maxPromptTokens', 'must be in 32..8192');
    req(r.maxTrainingExamples >= 0, 'training.maxTrainingExamples', 'must be 0 (all) or more');
    if (r.promptTemplate !== null) {
      const t = r.promptTemplate;
      const history = t.indexOf(HISTORY_MARKER);
      const candidates = t.indexOf(CANDIDATES_MARKER);
      req(history >= 0 && history < candidates && history === t.lastIndexOf(HISTORY_MARKER)
        && candidates === t.lastIndexOf(CANDIDATES_MARKER), 'training.promptTemplate',
      `must hold ${HISTORY_MARKER} once, then ${CANDIDATES_MARKER} once`);
    }
  } else {
    req(r.maxPromptTokens === null && r.maxTrainingExamples === null && r.promptTemplate === null, 'training.backbone',
      'maxPromptTokens, maxTrainingExamples and promptTemplate apply only to a foundation-model backbone, not the tiny one');
  }

  const e = s.evaluation;
  req(e.protocols.length > 0, 'evaluation.protocols', 'must name at least one protocol');
  for (const p of e.protocols) {
    req(PROTOCOLS.includes(p), 'evaluation.protocols', `unknown protocol '${p}', known: ${list(PROTOCOLS)}`);
    if (p === 'temporal-gap') {
      req(d.split === 'temporal-gap', 'evaluation.protocols', `temporal-gap needs data.split temporal-gap, not ${d.split}`);
    } else if (TEST_EXAMPLE_PROTOCOLS.includes(p)) {
      req(d.split !== 'temporal-gap', 'evaluation.protocols', `${p} needs a split with test examples`
        + ' (data.split auto, leave-one-out or predefined); the temporal-gap split has only in- and out-of-distribution examples');
    }
  }
  req(e.beamSize >= 1 && e.beamSize <= 200, 'evaluation.beamSize', 'must be in 1..200');
  req(e.maxUsers >= 0, 'evaluation.maxUsers', 'must be 0 (all) or more');
  req(e.candidateCount >= 2 && e.candidateCount <= 1000, 'evaluation.candidateCount', 'must be in 2..1000');
  req(e.candidateDraws >= 1 && e.candidateDraws <= 100, 'evaluation.candidateDraws', 'must be in 1..100');
  req(!e.validation || e.protocols.some((p) => TEST_EXAMPLE_PROTOCOLS.includes(p)), 'evaluation.validation',
    `needs a protocol scored on validation targets ${list(TEST_EXAMPLE_PROTOCOLS)}; temporal-gap has none`);
  if (lm) {
    for (const p of e.protocols) {
      req(LANGUAGE_MODEL_PROTOCOLS.includes(p), 'evaluation.protocols',
        `${p} is not run for a foundation-model backbone, which is scored with ${list(LANGUAGE_MODEL_PROTOCOLS)} only`);
    }
    req(!e.validation, 'evaluation.validation',
      'is not available for a foundation-model candidate yet (its evaluation scores test users only)');
  }

  const m = s.promotion;
  const metricProblem = () => {  // EvaluationSpec.metricProblem
    const slash = m.metric.indexOf('/');
    const protocol = slash < 0 ? '' : m.metric.slice(0, slash);
    const usable = e.protocols.filter((p) => PROTOCOLS.includes(p));
    if (!usable.includes(protocol)) {
      return `must be 'protocol/metric' with a protocol the evaluation runs ${list(usable)}, not '${m.metric}'`;
    }
    const scores = [...SCORES[protocol], ...(lm && LANGUAGE_MODEL_PROTOCOLS.includes(protocol) ? [GENERATED_HIT_RATIO] : [])];
    const name = m.metric.slice(slash + 1);
    return scores.includes(name) ? null : `'${name}' is not a score ${protocol} reports for every model; one of ${list(scores)}`;
  };
  const metricSays = metricProblem();
  req(metricSays === null, 'promotion.metric', metricSays);
  req(m.approvalTimeoutSeconds >= 1, 'promotion.approvalTimeoutSeconds', 'must be at least 1');
  req(m.significance >= 0 && m.significance <= 0.5, 'promotion.significance',
    'must be in 0..0.5 (the test\'s alpha, e.g. 0.05; 0 turns the test off)');
  req(m.bootstrapSamples >= 100 && m.bootstrapSamples <= 100000, 'promotion.bootstrapSamples', 'must be in 100..100000');
  return out;
}

/** Splits "field: message" problems into {field: [messages]} and the ones that name no known field. */
export function byField(list) {
  const fields = {};
  const other = [];
  const known = new Set(FIELDS.map((f) => f.path));
  for (const p of list || []) {
    const i = p.indexOf(': ');
    const field = i > 0 ? p.slice(0, i) : null;
    if (field && known.has(field)) (fields[field] ??= []).push(p.slice(i + 2));
    else other.push(p);
  }
  return { fields, other };
}

// ---- the form's values (strings as typed) <-> a spec

/** The form's entry for what a spec holds that no field shows (e.g. `cache`): sent back as it came. */
export const UNSHOWN = '(no field)';

/**
 * Form values from a spec: text for inputs, arrays for checkbox groups, booleans for checkboxes, and under
 * {@link UNSHOWN} the rest of the spec, so that a spec written as JSON loses nothing in the form.
 */
export function formFromSpec(spec) {
  const form = { [UNSHOWN]: unshown(spec) };
  for (const f of FIELDS) {
    const v = get(spec, f.path);
    if (f.type === 'multi') form[f.path] = Array.isArray(v) ? [...v] : [...defaultOf(f, spec)];
    else if (f.type === 'bool') form[f.path] = v === true;
    else form[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return form;
}

/** A copy of `spec` without the values the form's fields show (objects left empty dropped). */
function unshown(spec) {
  const rest = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? structuredClone(spec) : {};
  for (const f of FIELDS) {
    const keys = f.path.split('.');
    const parent = keys.length === 1 ? rest : get(rest, keys.slice(0, -1).join('.'));
    if (parent !== null && typeof parent === 'object') delete parent[keys[keys.length - 1]];
  }
  const prune = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(prune(v)).length) delete o[k];
    }
    return o;
  };
  return prune(rest);
}

/** Whether a field plays a part in a run of `raw` (the spec so far): the form shows and sends it only then. */
export function applies(field, raw) {
  return field.applies ? field.applies(raw) : true;
}

/**
 * The spec a form describes (blank fields left out so the server's defaults apply, and fields that play no part,
 * e.g. pre-training's for a foundation model, left out too), and input problems.
 */
export function specFromForm(form) {
  const spec = structuredClone(form[UNSHOWN] ?? {});
  const errors = [];
  for (const f of FIELDS) {
    if (!applies(f, spec)) continue;
    const v = form[f.path];
    if (f.type === 'multi') {
      const def = defaultOf(f, spec); // the spec so far: the data split comes before the protocols
      if (!(v.length === def.length && v.every((x, i) => x === def[i]))) set(spec, f.path, [...v]);
    } else if (f.type === 'bool') {
      if (v) set(spec, f.path, true);
    } else {
      const text = (v ?? '').trim();
      if (text === '') continue;
      if (f.type === 'int' || f.type === 'num') {
        const n = Number(text);
        if (!Number.isFinite(n)) errors.push(`${f.path}: must be a number`);
        else if (f.type === 'int' && !Number.isInteger(n)) errors.push(`${f.path}: must be a whole number`);
        else set(spec, f.path, n);
      } else {
        set(spec, f.path, text);
      }
    }
  }
  return { spec, errors };
}

/**
 * The form with one value changed. A list still holding its default follows the default when the change moves it
 * (protocols: a foundation-model backbone is scored with candidates only, the temporal-gap split with temporal-gap);
 * a list someone changed stays as it is.
 */
export function withValue(form, path, value) {
  const next = { ...form, [path]: value };
  const before = specFromForm(form).spec;
  const after = specFromForm(next).spec;
  for (const f of FIELDS) {
    if (f.type !== 'multi' || f.path === path || typeof f.def !== 'function') continue;
    const was = defaultOf(f, before);
    const now = defaultOf(f, after);
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (same(form[f.path], was) && !same(was, now)) next[f.path] = [...now];
  }
  return next;
}
