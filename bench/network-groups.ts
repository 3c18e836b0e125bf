// Helpers for bench/network.bench.ts: planted-partition recovery, and group-detection figures.
import { buildPoleGraph, detectGroups, evaluateRecovery, plantedPartnership } from '../src/network/index.ts';

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
