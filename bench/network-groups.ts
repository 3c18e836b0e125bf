// Helpers for bench/network.bench.ts: planted-partition recovery, and group-detection figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPoleGraph,
  detectGroups,
  evaluateRecovery,
  evaluateSimulated,
  plantedPartnership,
} from '../src/network/index.ts';
import { simulate } from '../src/simulate/index.ts';

/**
 * Share of planted groups (consecutive blocks of `groupSize` node ids) for which one community holds at
 * least 90% of the group's members while being at most twice the group's size.
 */
export function evaluatePlantedRecovery(membership: Int32Array, groupSize: number): { recovered: number } {
  const sizes = new Map<number, number>();
  for (const c of membership) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const groups = Math.floor(membership.length / groupSize);
  let ok = 0;
  for (let g = 0; g < groups; g++) {
    const counts = new Map<number, number>();
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      const c = membership[i]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let bestC = -1;
    let best = 0;
    for (const [c, k] of counts) {
      if (k > best) {
        best = k;
        bestC = c;
      }
    }
    if (best >= 0.9 * groupSize && (sizes.get(bestC) ?? 0) <= 2 * groupSize) ok++;
  }
  return { recovered: groups === 0 ? 0 : ok / groups };
}

/** Group detection on the planted synthetic partnership (seed 1, 30 groups): the acceptance figures. */
export function groupRecoveryFigures(): { name: string; value: number; unit: string }[] {
  const { data, groups } = plantedPartnership({ seed: 1, groups: 30 });
  const t = process.hrtime.bigint();
  const found = detectGroups(buildPoleGraph(data));
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const r = evaluateRecovery(groups, found);
  return [
    { name: 'network_planted_groups', value: r.plantedGroups, unit: 'groups' },
    { name: 'network_reported_groups', value: r.reportedGroups, unit: 'groups' },
    { name: 'network_group_recall_pct', value: 100 * r.recall, unit: '%' },
    { name: 'network_group_precision_pct', value: 100 * r.precision, unit: '%' },
    { name: 'network_group_detection_s', value: seconds, unit: 's' },
  ];
}

/**
 * Group detection on the simulator's partnership profile (50,000 children, 12 months) for each seed in
 * NETWORK_SIM_SEEDS (default "1,2,3"): recall over planted groups of 3+ adults and precision over reported
 * groups, pooled over the seeds.
 */
export function simulatedRecoveryFigures(): { name: string; value: number; unit: string }[] {
  const seeds = (process.env.NETWORK_SIM_SEEDS ?? '1,2,3').split(',').map(Number);
  let planted = 0;
  let found = 0;
  let reported = 0;
  let matching = 0;
  let seconds = 0;
  for (const seed of seeds) {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-network-sim-'));
    try {
      process.stderr.write(`simulating partnership profile, seed ${seed}\n`);
      simulate({ seed, out: dir, profile: 'partnership' });
      const f = evaluateSimulated(dir);
      planted += f.plantedGroups;
      found += f.plantedFound;
      reported += f.reportedGroups;
      matching += f.reportedMatching;
      seconds += f.seconds;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    { name: 'network_sim_seeds', value: seeds.length, unit: 'seeds' },
    { name: 'network_sim_planted_groups', value: planted, unit: 'groups' },
    { name: 'network_sim_reported_groups', value: reported, unit: 'groups' },
    { name: 'network_sim_group_recall', value: planted === 0 ? 1 : found / planted, unit: 'share' },
    { name: 'network_sim_group_precision', value: reported === 0 ? 1 : matching / reported, unit: 'share' },
    { name: 'network_sim_group_detection_s', value: seconds, unit: 's' },
  ];
}
