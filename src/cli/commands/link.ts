// `sightline link`: deduplicate and link person records in any CSV files with the linkage engine. Writes
// clusters.csv, pairs.csv (pairs at or above --threshold), review.csv and model.json to --out. Unusable rows
// are reported with their line numbers on stderr and skipped; figures go to stdout (JSON with --json).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import {
  DATE_FORMATS,
  DEFAULT_THRESHOLDS,
  linkRecords,
  weightToProbability,
  type DateFormat,
} from '../../linkage/index.ts';
import { parseColumnMap, readCsvRecords, type BadRow } from '../../linkage/index.ts';
import type { LinkRecord } from '../../linkage/index.ts';

interface Options {
  in: string[];
  map: string;
  out: string;
  threshold?: string;
  dateFormat: string;
  workers: string;
  json: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command('link')
    .description('Find the same person across and within CSV files (probabilistic record linkage)')
    .requiredOption('--in <file>', 'a CSV file of person records (repeat for several files)', collect, [])
    .requiredOption(
      '--map <roles>',
      'role=column,... roles: id, source, given_name, family_name, full_name, date_of_birth, sex, address (repeatable), postcode, phone, identifier:NAME',
    )
    .requiredOption('--out <dir>', 'folder for clusters.csv, pairs.csv, review.csv and model.json')
    .option(
      '--threshold <p>',
      `match probability for linking and for pairs.csv (default ${DEFAULT_THRESHOLDS.autoLink})`,
    )
    .option('--date-format <format>', `date of birth format: ${DATE_FORMATS.join(', ')}`, 'YYYY-MM-DD')
    .option('--workers <n>', 'worker threads for comparisons', '2')
    .option('--json', 'print the figures as JSON', false)
    .action(async (options: Options) => {
      if (!(DATE_FORMATS as readonly string[]).includes(options.dateFormat)) {
        throw new Error(`--date-format must be one of ${DATE_FORMATS.join(', ')}`);
      }
      const threshold =
        options.threshold === undefined ? DEFAULT_THRESHOLDS.autoLink : Number(options.threshold);
      if (!(threshold > 0 && threshold < 1)) {
        throw new Error('--threshold must be a probability between 0 and 1');
      }
      const map = parseColumnMap(options.map);
      const records: LinkRecord[] = [];
      const bad: BadRow[] = [];
      const seen = new Set<string>();
      for (const file of options.in) {
        const res = readCsvRecords(
          readFileSync(file, 'utf8'),
          file,
          map,
          options.dateFormat as DateFormat,
          seen,
        );
        records.push(...res.records);
        bad.push(...res.bad);
        process.stderr.write(`read ${res.records.length} records from ${file} (${res.bad.length} skipped)\n`);
      }
      for (const b of bad) process.stderr.write(`skipped ${b.file} line ${b.line}: ${b.reason}\n`);
      if (records.length === 0) throw new Error('no usable records to link');
      const result = await linkRecords(records, {
        workers: Number(options.workers),
        thresholds: { autoLink: threshold, review: Math.min(DEFAULT_THRESHOLDS.review, threshold) },
        onProgress: (m) => process.stderr.write(`${m}\n`),
      });
      const { table, candidates, weights, clustering } = result;
      if (result.model.fallback !== undefined) {
        process.stderr.write(
          `warning: ${result.model.fallback}; used the default model (documented m and u, ` +
            `src/linkage/engine/default-model.ts) instead of estimating one from these records\n`,
        );
      }
      mkdirSync(options.out, { recursive: true });
      writeFileSync(
        join(options.out, 'clusters.csv'),
        stringify(
          table.ids.map((id, i) => [id, table.ids[clustering.clusterOf[i]!]!]),
          { header: true, columns: ['record_id', 'cluster_id'] },
        ),
      );
      const pairRows: (string | number)[][] = [];
      for (let p = 0; p < weights.length; p++) {
        const prob = weightToProbability(weights[p]!);
        if (prob < threshold) continue;
        pairRows.push([
          table.ids[candidates.left[p]!]!,
          table.ids[candidates.right[p]!]!,
          Number(prob.toPrecision(6)),
          Number(weights[p]!.toFixed(3)),
        ]);
      }
      writeFileSync(
        join(options.out, 'pairs.csv'),
        stringify(pairRows, {
          header: true,
          columns: ['record_id_l', 'record_id_r', 'match_probability', 'match_weight'],
        }),
      );
      writeFileSync(
        join(options.out, 'review.csv'),
        stringify(
          clustering.review.map((r, k) => [k + 1, r.reason, r.rows.map((row) => table.ids[row]).join(' ')]),
          { header: true, columns: ['review_id', 'reason', 'record_ids'] },
        ),
      );
      writeFileSync(
        join(options.out, 'model.json'),
        `${JSON.stringify({ ...result.model, thresholds: result.thresholds, blocking: candidates.reports }, null, 2)}\n`,
      );
      const figures = {
        records: records.length,
        skippedRows: bad.length,
        candidatePairs: candidates.left.length,
        pairsAboveThreshold: pairRows.length,
        clusters: clustering.clusters,
        defaultModel: result.model.fallback !== undefined,
        reviewClusters: clustering.review.length,
        seconds: Number((Object.values(result.timings).reduce((a, b) => a + b, 0) / 1000).toFixed(2)),
      };
      if (options.json) process.stdout.write(`${JSON.stringify({ ...figures, skipped: bad })}\n`);
      else for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k} ${v}\n`);
    });
}
