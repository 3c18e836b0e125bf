// `sightline network`: possible groups, hotspots and node measures as CSV for analysts. File-based for
// now: reads POLE data from DIR/pole.json, or generates a planted synthetic partnership and reports how
// well detection recovers its groups. The database-backed version comes with the network service.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import {
  buildPoleGraph,
  detectGroups,
  evaluateRecovery,
  hotspots,
  nodeMeasures,
  parsePoleData,
  plantedPartnership,
  type PoleData,
  type RecoveryFigures,
} from '../../network/index.ts';

interface Options {
  in?: string;
  out: string;
  plantedSeed?: string;
  resolution: string;
  windowDays: string;
  json: boolean;
}

export function register(program: Command): void {
  program
    .command('network')
    .description('Export possible groups, hotspots and network measures as CSV (file-based)')
    .option('--in <dir>', 'folder holding pole.json (persons, objects, locations, events)')
    .option('--planted-seed <n>', 'use a generated partnership with planted groups and report recovery')
    .requiredOption('--out <dir>', 'folder to write groups.csv, hotspots.csv and measures.csv')
    .option('--resolution <r>', 'Louvain resolution for group detection', '2')
    .option('--window-days <d>', 'hotspot window length in days', '28')
    .option('--json', 'print the figures as JSON', false)
    .action((options: Options) => {
      let data: PoleData;
      let recovery: RecoveryFigures | null = null;
      let planted: ReturnType<typeof plantedPartnership> | null = null;
      if (options.plantedSeed !== undefined) {
        planted = plantedPartnership({ seed: Number(options.plantedSeed), groups: 30 });
        data = planted.data;
      } else if (options.in !== undefined) {
        data = parsePoleData(JSON.parse(readFileSync(join(options.in, 'pole.json'), 'utf8')));
      } else throw new Error('Give --in DIR or --planted-seed N');
      const graph = buildPoleGraph(data);
      const groups = detectGroups(graph, { resolution: Number(options.resolution) });
      if (planted !== null) recovery = evaluateRecovery(planted.groups, groups);
      const spots = hotspots(data, { windowDays: Number(options.windowDays) });
      const measures = nodeMeasures(graph);
      mkdirSync(options.out, { recursive: true });
      writeFileSync(
        join(options.out, 'groups.csv'),
        stringify(
          groups.map((g) => ({
            rank: g.rank,
            score: g.score,
            adults: g.adults.join(' '),
            children: g.children.join(' '),
            events: g.evidence.events.join(' '),
            places: g.evidence.locations.join(' '),
            objects: g.evidence.objects.join(' '),
            explanation: g.explanation,
          })),
          { header: true },
        ),
      );
      writeFileSync(
        join(options.out, 'hotspots.csv'),
        stringify(
          spots.map((h) => ({
            ...h,
            children: h.children.join(' '),
            adultsOfConcern: h.adultsOfConcern.join(' '),
            events: h.events.join(' '),
          })),
          { header: true },
        ),
      );
      writeFileSync(join(options.out, 'measures.csv'), stringify(measures, { header: true }));
      const figures = {
        persons: data.persons.length,
        events: data.events.length,
        groups: groups.length,
        hotspots: spots.length,
        recovery,
      };
      if (options.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
      else {
        process.stdout.write(
          `network_possible_groups ${groups.length} groups\nnetwork_hotspots ${spots.length} hotspots\n`,
        );
        if (recovery !== null) {
          process.stdout.write(
            `network_group_recall ${recovery.recall.toFixed(3)} share\nnetwork_group_precision ${recovery.precision.toFixed(3)} share\n`,
          );
        }
      }
      process.stderr.write(`wrote groups.csv, hotspots.csv and measures.csv to ${options.out}\n`);
    });
}
