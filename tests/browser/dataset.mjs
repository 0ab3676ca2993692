// A tiny deterministic data set in recflow's generic CSV format (interactions.csv: user,item,timestamp;
// items.csv: id,category,title,description), small enough that a pipeline finishes in a few minutes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CATEGORIES = [
  ['Books > Mystery', ['Silent', 'Hidden', 'Last', 'Crimson', 'Midnight'], ['Witness', 'Letter', 'Harbour', 'Key', 'Garden']],
  ['Games > Puzzle', ['Endless', 'Tiny', 'Clever', 'Golden', 'Spinning'], ['Riddle', 'Maze', 'Tiles', 'Cubes', 'Lights']],
  ['Outdoors > Camping', ['Rugged', 'Alpine', 'Trail', 'Pocket', 'Summit'], ['Lantern', 'Stove', 'Tent', 'Backpack', 'Compass']],
  ['Music > Jazz', ['Blue', 'Late', 'Smoky', 'Velvet', 'Rainy'], ['Sessions', 'Standards', 'Nights', 'Quartet', 'Ballads']],
];

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function makeDataset(dir, { users = 90, seed = 7 } = {}) {
  const rand = rng(seed);
  const items = [];
  CATEGORIES.forEach(([category, adjectives, nouns], c) => {
    for (let i = 0; i < 10; i++) {
      const id = `b${String(items.length + 1).padStart(3, '0')}`;
      const title = `The ${adjectives[i % 5]} ${nouns[(i * 3 + c) % 5]}${i >= 5 ? ' II' : ''}`;
      items.push({ id, category, title, description: `${title}: a ${category.split(' > ')[1].toLowerCase()} pick, number ${i + 1}.`, c });
    }
  });
  const lines = ['user,item,timestamp'];
  for (let u = 0; u < users; u++) {
    // each user mostly stays in one category and walks through it in order, sometimes jumping
    let c = u % CATEGORIES.length;
    let pos = Math.floor(rand() * 10);
    const length = 7 + Math.floor(rand() * 6);
    let t = 1_700_000_000 + u * 1000;
    for (let k = 0; k < length; k++) {
      if (rand() < 0.15) c = Math.floor(rand() * CATEGORIES.length);
      const item = items[c * 10 + (pos % 10)];
      lines.push(`u${String(u + 1).padStart(3, '0')},${item.id},${t}`);
      pos += 1 + (rand() < 0.2 ? 1 : 0);
      t += 60 + Math.floor(rand() * 600);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'interactions.csv'), `${lines.join('\n')}\n`);
  const q = (f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  writeFileSync(join(dir, 'items.csv'),
    `id,category,title,description\n${items.map((i) => [i.id, i.category, i.title, i.description].map(q).join(',')).join('\n')}\n`);
  return { items, interactions: lines.length - 1 };
}

/** The small spec the tests start (as form values; everything else takes the server's defaults). */
export const SMALL_SPEC = {
  'tokenizer.codebookSize': '8', 'tokenizer.encoderEpochs': '2', 'tokenizer.embeddingDim': '16',
  'training.pretrainEpochs': '2', 'training.fineTuneEpochs': '1', 'training.experts': '2', 'training.rank': '4',
  'training.batchSize': '32', 'training.historyLength': '10', 'training.layers': '1', 'training.hiddenSize': '16',
  'evaluation.maxUsers': '40', 'evaluation.beamSize': '5', 'evaluation.candidateCount': '10', 'evaluation.candidateDraws': '1',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { items, interactions } = makeDataset(process.argv[2] || './browser-data');
  console.log(`${items.length} items, ${interactions} interactions`);
}
