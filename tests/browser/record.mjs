// Dev helper: records what the console's run and plots pages read about one finished run, for a browser test
// to replay without running it:  RECFLOW_URL=http://localhost:8080 node record.mjs RUN_ID > recorded/NAME.json
// It signs in with RECFLOW_TOKEN, else the admin token in $RECFLOW_DATA_DIR/admin.token.
// The requests are the console's own (web/frontend/src/api.js), so their paths are the ones the pages ask
// for; the two lists are cut down to this run and its model, so that the replay shows nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Api, auth } from '../../web/frontend/src/api.js';

const BASE = (process.env.RECFLOW_URL || 'http://localhost:8080').replace(/\/$/, '');
const id = process.argv[2];
if (!id) {
  console.error('usage: node record.mjs RUN_ID');
  process.exit(2);
}

const token = process.env.RECFLOW_TOKEN
  || (process.env.RECFLOW_DATA_DIR && readFileSync(join(process.env.RECFLOW_DATA_DIR, 'admin.token'), 'utf8').trim());
if (!token) {
  console.error('set RECFLOW_TOKEN, or RECFLOW_DATA_DIR to the platform\'s data folder (its admin.token)');
  process.exit(2);
}
auth.token = () => token;

const responses = {};
let keep = (body) => body; // what of the next responses to record
const fetchFromPlatform = globalThis.fetch;
globalThis.fetch = async (path, init) => {
  const res = await fetchFromPlatform(`${BASE}${path}`, init);
  if (res.ok) responses[path] = keep(await res.clone().json());
  return res;
};

const run = await Api.pipeline(id);
if (run.status !== 'COMPLETED' || !run.modelVersion) throw new Error(`${id} is ${run.status}, with no model version`);
const { name, version } = run.modelVersion;
await Api.history(id);
if (run.spec.training.backbone) await Api.foundationModel(run.spec.training.backbone);
const registered = await Api.version(name, version);
await Api.lineage(registered.artifactId, 'upstream', 10);
await Api.lineage(registered.artifactId, 'downstream', 1);
await Api.model(name);
await Api.report(name, version);
keep = (list) => list.filter((r) => r.id === id);
await Api.pipelines('COMPLETED', 50);
keep = (list) => list.filter((m) => m.name === name);
await Api.models();

console.log(JSON.stringify({ run: id, recordedAt: new Date().toISOString(), responses }, null, 1));
