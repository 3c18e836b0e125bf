// `sightline network`: possible groups, hotspots and node measures as CSV for analysts.
// Default source: the database, as the user named by --as (the export holds what they may see, audited).
// Other sources: --simulated DIR (a `sightline simulate` folder; also scores detection against its
// truth), --in DIR (DIR/pole.json), --planted-seed N (the engine's own planted generator).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase } from '../../platform/database/index.ts';
import {
  buildPoleGraph,
  detectGroups,
  evaluateRecovery,
  exportNetwork,
  hotspots,
  nodeMeasures,
  parsePoleData,
  plantedPartnership,
  readSimulatedPole,
  writeNetworkCsv,
  type PlantedGroup,
  type PoleData,
} from '../../network/index.ts';

interface Options {
  in?: string;
  simulated?: string;
  out?: string;
  as?: string;
  plantedSeed?: string;
  resolution: string;
  windowDays: string;
  json: boolean;
}

function loadFileSource(options: Options): { data: PoleData; planted: readonly PlantedGroup[] | null } {
  if (options.simulated !== undefined) return readSimulatedPole(options.simulated);
  if (options.plantedSeed !== undefined) {
    const p = plantedPartnership({ seed: Number(options.plantedSeed), groups: 30 });
    return { data: p.data, planted: p.groups };
  }
  if (options.in !== undefined) {
    return {
      data: parsePoleData(JSON.parse(readFileSync(join(options.in, 'pole.json'), 'utf8'))),
      planted: null,
    };
  }
  throw new Error('Give --simulated DIR, --in DIR or --planted-seed N');
}

export function register(program: Command): void {
  program
    .command('network')
    .description(
      'Export possible groups, hotspots and network measures as CSV; score group detection on a simulation',
    )
    .option(
      '--simulated <dir>',
      'read a `sightline simulate` folder and report recovery of its planted groups',
    )
    .option('--in <dir>', 'folder holding pole.json (persons, objects, locations, events)')
    .option('--planted-seed <n>', 'use the engine’s planted generator and report recovery')
    .option('--out <dir>', 'folder to write groups.csv, hotspots.csv and measures.csv')
    .option('--as <email>', 'database mode: export what this user may see (audited as theirs)')
    .option('--resolution <r>', 'Louvain resolution for group detection', '2')
    .option('--window-days <d>', 'hotspot window length in days', '28')
    .option('--json', 'print the figures as JSON', false)
    .action(async (options: Options) => {
      if (options.simulated === undefined && options.in === undefined && options.plantedSeed === undefined) {
        if (options.out === undefined || options.as === undefined) {
          throw new Error(
            'Database mode needs --out DIR and --as EMAIL (or give --simulated, --in or --planted-seed)',
          );
        }
        const handle = await openDatabase(loadConfig().database);
        try {
          await migrate(handle.db);
          const f = await exportNetwork(handle.db, systemClock, options.as, options.out);
          process.stdout.write(
            options.json
              ? `${JSON.stringify(f)}\n`
              : `network_possible_groups ${f.groups} groups\nnetwork_hotspots ${f.hotspots} hotspots\nnetwork_nodes ${f.nodes} nodes\n`,
          );
          process.stderr.write(`wrote ${f.files.join(', ')} to ${options.out}\n`);
        } finally {
          await handle.close();
        }
        return;
      }
      const { data, planted } = loadFileSource(options);
      const graph = buildPoleGraph(data);
      const groups = detectGroups(graph, { resolution: Number(options.resolution) });
      const recovery = planted === null ? null : evaluateRecovery(planted, groups);
      const spots = hotspots(data, { windowDays: Number(options.windowDays) });
      if (options.out !== undefined) {
        const files = writeNetworkCsv(options.out, {
          groups,
          hotspots: spots,
          measures: nodeMeasures(graph),
        });
        process.stderr.write(`wrote ${files.join(', ')} to ${options.out}\n`);
      }
      const figures = {
        persons: data.persons.length,
        events: data.events.length,
        groups: groups.length,
        hotspots: spots.length,
        recovery,
      };
      if (options.json) {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return;
      }
      const lines = [
        `network_persons ${data.persons.length} persons`,
        `network_events ${data.events.length} events`,
        `network_possible_groups ${groups.length} groups`,
        `network_hotspots ${spots.length} hotspots`,
      ];
      if (recovery !== null) {
        const prefix = options.simulated !== undefined ? 'network_sim' : 'network';
        lines.push(
          `${prefix}_planted_groups_3plus ${recovery.plantedGroups} groups`,
          `${prefix}_planted_found ${recovery.plantedFound} groups`,
          `${prefix}_group_recall ${recovery.recall.toFixed(3)} share`,
          `${prefix}_reported_matching ${recovery.reportedMatching} groups`,
          `${prefix}_group_precision ${recovery.precision.toFixed(3)} share`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
