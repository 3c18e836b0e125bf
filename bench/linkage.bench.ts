// Linkage benchmark: deduplicate N synthetic person records (default 1,000,000; LINKAGE_BENCH_RECORDS to
// change), report accuracy against the generator's truth, speed per stage, comparisons per second, pairs per
// blocking rule, the ratio to a plain baseline measured in the same run (Jaro-Winkler etc. on raw strings
// over the same candidate pairs, one thread, no precomputation), and incremental match latency against the
// whole index. Figures on stdout as `name value unit`; progress on stderr.
import { generateRecords } from '../src/linkage/engine/synthetic.ts';
import { linkRecords, pairwiseAccuracy, weightToProbability } from '../src/linkage/index.ts';
import { LinkageIndex } from '../src/linkage/engine/incremental.ts';
import { jaroWinkler } from '../src/linkage/engine/jaro.ts';
import type { LinkRecord } from '../src/linkage/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../src/simulate/index.ts';
import { readSimulatedRecords } from '../src/linkage/simulated-records.ts';

function figure(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${Number.isInteger(value) ? value : value.toPrecision(4)} ${unit}\n`);
}
function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

// Accuracy on the simulator's truth: the partnership profile (50,000 children, 12 months) at a fixed seed,
// every person-bearing record of every agency, at the automatic threshold; the review band is the number of
// candidate pairs between the review and automatic thresholds.
{
  const seed = Number(process.env.LINKAGE_SIM_SEED ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'sightline-linkage-bench-'));
  try {
    log(`simulating the partnership profile (seed ${seed})`);
    simulate({ seed, out: dir, profile: 'partnership' });
    const sim = readSimulatedRecords(dir);
    const start = performance.now();
    const res = await linkRecords(sim, { workers: 2, onProgress: log });
    const simWall = (performance.now() - start) / 1000;
    const acc = pairwiseAccuracy(
      sim.map((r) => r.truth),
      res.clustering.clusterOf,
    );
    let reviewPairs = 0;
    for (const w of res.weights) {
      const p = weightToProbability(w);
      if (p >= res.thresholds.review && p < res.thresholds.autoLink) reviewPairs++;
    }
    figure('linkage_sim_records', sim.length, 'records');
    figure('linkage_sim_true_pairs', acc.truePositives + acc.falseNegatives, 'pairs');
    figure('linkage_sim_precision', acc.precision, 'ratio');
    figure('linkage_sim_recall', acc.recall, 'ratio');
    figure('linkage_sim_f1', acc.f1, 'ratio');
    figure('linkage_sim_review_pairs', reviewPairs, 'pairs');
    figure('linkage_sim_review_clusters', res.clustering.review.length, 'clusters');
    figure('linkage_sim_auto_threshold', res.thresholds.autoLink, 'probability');
    figure('linkage_sim_wall_s', simWall, 's');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const N = Number(process.env.LINKAGE_BENCH_RECORDS ?? 1_000_000);
const people = Math.round(N / 2.5);
log(`generating about ${N} records of ${people} people`);
let t = performance.now();
const records = generateRecords({ people, seed: 2026 });
log(`generated ${records.length} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const result = await linkRecords(records, { workers: 2, onProgress: log });
const wall = (performance.now() - t) / 1000;
const { candidates, weights, clustering, thresholds, timings, table } = result;
figure('linkage_records', records.length, 'records');
figure('linkage_dedupe_wall_s', wall, 's');
for (const [stage, ms] of Object.entries(timings)) figure(`linkage_stage_${stage}_s`, ms / 1000, 's');
figure('linkage_candidate_pairs', candidates.left.length, 'pairs');
for (const r of candidates.reports) {
  const name = r.rule.replace(/[^a-z0-9]+/gi, '_');
  figure(`linkage_rule_${name}_pairs`, r.pairsGenerated, 'pairs');
  figure(`linkage_rule_${name}_new_pairs`, r.pairsNew, 'pairs');
  if (r.blocksSkipped > 0) figure(`linkage_rule_${name}_skipped_pairs`, r.pairsSkipped, 'pairs');
}
const compareRate = result.comparisons / (timings.compare! / 1000);
figure('linkage_comparisons_per_s', compareRate, 'pairs/s');

// Accuracy at the automatic threshold, and the review band.
const acc = pairwiseAccuracy(
  records.map((r) => r.truth),
  clustering.clusterOf,
);
figure('linkage_precision', acc.precision, 'ratio');
figure('linkage_recall', acc.recall, 'ratio');
figure('linkage_f1', acc.f1, 'ratio');
let band = 0;
for (const w of weights) {
  const p = weightToProbability(w);
  if (p >= thresholds.review && p < thresholds.autoLink) band++;
}
figure('linkage_review_band_pairs', band, 'pairs');
figure('linkage_review_clusters', clustering.review.length, 'clusters');
figure('linkage_auto_threshold', thresholds.autoLink, 'probability');

// Baseline: the same candidate pairs compared from raw strings in one thread (fold text, Jaro-Winkler on
// names, string equality on the rest), over a sample, against the engine's throughput on two workers.
const sample = Math.min(candidates.left.length, 300_000);
const fold = (s: string | undefined): string =>
  (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
const raw: LinkRecord[] = records;
t = performance.now();
let sink = 0;
for (let p = 0; p < sample; p++) {
  const a = raw[candidates.left[p]!]!;
  const b = raw[candidates.right[p]!]!;
  sink += jaroWinkler(fold(a.givenName), fold(b.givenName));
  sink += jaroWinkler(fold(a.familyName), fold(b.familyName));
  sink += jaroWinkler(fold(a.givenName), fold(b.familyName));
  sink += a.dateOfBirth === b.dateOfBirth ? 1 : 0;
  sink += fold(a.postcode) === fold(b.postcode) ? 1 : 0;
  sink += jaroWinkler(fold(a.address), fold(b.address));
}
const baselineRate = sample / ((performance.now() - t) / 1000);
log(`baseline checksum ${sink.toFixed(1)}`);
figure('linkage_baseline_comparisons_per_s', baselineRate, 'pairs/s');
figure('linkage_speedup_vs_baseline', compareRate / baselineRate, 'x');

// Incremental: one record against the index of everyone.
t = performance.now();
const index = new LinkageIndex(table, result.model, thresholds, result.tf);
figure('linkage_index_build_s', (performance.now() - t) / 1000, 's');
const queries = generateRecords({ people: 2000, seed: 77 }).slice(0, 2000);
const step = Math.floor(records.length / 2000);
const probes: LinkRecord[] = queries.map((q, k) =>
  k % 2 === 0 ? { ...records[k * step]!, id: `q${k}` } : q,
);
const times: number[] = [];
let found = 0;
for (const q of probes) {
  const s = performance.now();
  const m = index.match(q);
  times.push(performance.now() - s);
  if (m.decision === 'link') found++;
}
times.sort((a, b) => a - b);
figure('linkage_incremental_p50_ms', times[Math.floor(times.length * 0.5)]!, 'ms');
figure('linkage_incremental_p95_ms', times[Math.floor(times.length * 0.95)]!, 'ms');
figure('linkage_incremental_p99_ms', times[Math.floor(times.length * 0.99)]!, 'ms');
figure('linkage_incremental_probes_linked', found, 'records');
figure('linkage_peak_rss_mb', process.resourceUsage().maxRSS / 1024, 'MB');
