// Builds the console into ../src/main/resources/META-INF/resources/ (committed, so the Maven build
// needs no node): index.html plus content-hashed assets/app-*.js and assets/app-*.css.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'main', 'resources', 'META-INF', 'resources');
const assets = join(out, 'assets');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: { app: join(here, 'src', 'main.jsx') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: assets,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  splitting: true, // uPlot and dagre load only on the pages that draw with them
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
};

function writeIndex(metafile) {
  const outputs = Object.keys(metafile.outputs).map((p) => p.split('/').pop());
  const entry = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint && o.entryPoint.endsWith('main.jsx'));
  const js = entry[0].split('/').pop();
  const css = entry[1].cssBundle ? entry[1].cssBundle.split('/').pop() : outputs.find((f) => f.endsWith('.css'));
  const html = readFileSync(join(here, 'index.html'), 'utf8')
    .replace('%APP_JS%', `assets/${js}`)
    .replace('%APP_CSS%', `assets/${css}`);
  writeFileSync(join(out, 'index.html'), html);
  for (const f of readdirSync(assets)) {
    if (!outputs.includes(f)) rmSync(join(assets, f));
  }
  let total = 0;
  for (const [p, o] of Object.entries(metafile.outputs)) {
    total += o.bytes;
    console.log(`${p.split('/').slice(-2).join('/')}  ${(o.bytes / 1024).toFixed(1)} KiB`);
  }
  console.log(`total ${(total / 1024).toFixed(1)} KiB`);
}

mkdirSync(assets, { recursive: true });
if (watch) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: 'index', setup(b) { b.onEnd((r) => r.metafile && writeIndex(r.metafile)); } }],
  });
  await ctx.watch();
  console.log('watching src/ ...');
} else {
  const result = await esbuild.build(options);
  writeIndex(result.metafile);
}
