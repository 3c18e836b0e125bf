// Disclosure control: time to protect a realistic return (50 tables, up to 20 x 12 and some 3-D),
// against a baseline of primary suppression only, measured in the same run. Synthetic counts.
import { performance } from 'node:perf_hooks';
import {
  extendTable,
  parseDisclosureOptions,
  primarySuppression,
  protectTables,
  type CountTable,
} from '../src/reports/disclosure/index.ts';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts like a partnership return: a few large categories, a long tail of small ones and zeros. */
function buildReturn(seed: number): CountTable[] {
  const rand = prng(seed);
  const tables: CountTable[] = [];
  for (let t = 0; t < 50; t += 1) {
    const threeD = t % 10 === 9;
    const sizes = threeD
      ? [2, 3 + Math.floor(rand() * 4), 4 + Math.floor(rand() * 5)]
      : [2 + Math.floor(rand() * 19), 2 + Math.floor(rand() * 11)];
    if (t === 0) sizes.splice(0, 2, 20, 12);
    const weights = sizes.map((n) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** 1.1));
    const total = 300 + Math.floor(rand() * 3000);
    const cells = sizes.reduce((a, b) => a * b, 1);
    const counts = Array.from({ length: cells }, (_, i) => {
      let rest = i;
      let w = 1;
      for (let k = sizes.length - 1; k >= 0; k -= 1) {
        w *= weights[k]![rest % sizes[k]!]!;
        rest = Math.floor(rest / sizes[k]!);
      }
      return Math.max(0, Math.round(total * w * 0.25 * (0.4 + rand() * 1.2) - rand() * 3));
    });
    tables.push({
      name: `table-${t}`,
      dimensions: sizes.map((n, k) => ({
        name: `dim${k}`,
        categories: Array.from({ length: n }, (_, i) => `cat${i}`),
      })),
      counts,
    });
  }
  return tables;
}

const tables = buildReturn(20260601);
const options = parseDisclosureOptions();
const cellCount = tables.reduce((s, t) => s + extendTable(t).values.length, 0);

function time(fn: () => void, repeats: number): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

process.stderr.write(`protecting ${tables.length} tables, ${cellCount} cells with margins\n`);
const baselineMs = time(() => {
  for (const t of tables) primarySuppression(extendTable(t), options);
}, 9);
let primary = 0;
let secondary = 0;
const fullMs = time(() => {
  const out = protectTables(tables, options);
  primary = out.reduce((s, o) => s + o.summary.primary, 0);
  secondary = out.reduce((s, o) => s + o.summary.secondary, 0);
}, 5);
const largest = tables[0]!;
const largestMs = time(() => protectTables([largest], options), 9);

console.log(`disclosure_tables ${tables.length} count`);
console.log(`disclosure_cells ${cellCount} count`);
console.log(`disclosure_primary_cells ${primary} count`);
console.log(`disclosure_secondary_cells ${secondary} count`);
console.log(`disclosure_primary_only_ms ${baselineMs.toFixed(2)} ms`);
console.log(`disclosure_full_return_ms ${fullMs.toFixed(2)} ms`);
console.log(`disclosure_largest_table_20x12_ms ${largestMs.toFixed(2)} ms`);
console.log(`disclosure_full_vs_primary_only_ratio ${(fullMs / baselineMs).toFixed(1)} x`);
