// `sightline import <feed> <file>`: an administrative system job that loads one agency file through its
// declared feed, with a progress line on stderr and the batch summary on stdout; plus the quarantine.
// Each completed batch is followed by the early-warning evaluation of the children it changed.
import type { Command } from 'commander';
import { sql } from 'kysely';
import {
  FEEDS,
  importFile,
  issueMessage,
  listQuarantine,
  resubmitQuarantine,
  type ImportProgress,
} from '../../imports/index.ts';
import { alertOnImports } from '../../indicators/index.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../../platform/database/index.ts';
import { createLogger } from '../../platform/logging/logger.ts';

async function partnershipOf(handle: DatabaseHandle, code: string | undefined): Promise<string> {
  const rows = await sql<{ partnership_id: string; code: string }>`
    select partnership_id, code from partnership where ${code === undefined ? sql`true` : sql`code = ${code}`} order by code`.execute(
    handle.db,
  );
  if (rows.rows.length === 1) return rows.rows[0]!.partnership_id;
  throw new Error(
    rows.rows.length === 0 ? 'no such partnership' : 'several partnerships: pass --partnership CODE',
  );
}

function progressLine(started: number): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 250 || !process.stderr.isTTY) return;
    last = now;
    const secs = (now - started) / 1000;
    const rate = p.rows / Math.max(secs, 0.001);
    const frac = p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0;
    const eta = frac > 0 ? (secs / frac) * (1 - frac) : 0;
    process.stderr.write(
      `\r${(frac * 100).toFixed(1)}%  ${p.rows.toLocaleString('en-GB')} rows  ${Math.round(rate).toLocaleString('en-GB')} rows/s  ETA ${Math.ceil(eta)}s   `,
    );
  };
}

async function withHandle<T>(work: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config.database);
  const stop = alertOnImports(handle, {
    clock: systemClock,
    logger: createLogger({ level: config.logLevel }).child({ module: 'early-warning' }),
  });
  try {
    await migrate(handle.db);
    return await work(handle);
  } finally {
    stop();
    await handle.close();
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('import')
    .description(`Import an agency file through a declared feed (${FEEDS.map((f) => f.name).join(', ')})`)
    .argument('[feed]', 'feed name')
    .argument('[file]', 'CSV (any delimiter), JSON Lines (.jsonl) or CIN census XML (.xml)')
    .option('--agency <code>', 'agency code (default: the partnership’s one agency of the feed’s kind)')
    .option('--partnership <code>', 'partnership code (default: the only one)')
    .option('--json', 'print the batch summary as JSON', false)
    .action(
      async (
        feed: string | undefined,
        file: string | undefined,
        o: { agency?: string; partnership?: string; json: boolean },
      ) => {
        if (feed === undefined || file === undefined) {
          cmd.help();
          return;
        }
        await withHandle(async (handle) => {
          const partnershipId = await partnershipOf(handle, o.partnership);
          const started = performance.now();
          const s = await importFile(handle, {
            partnershipId,
            feed,
            file,
            ...(o.agency === undefined ? {} : { agencyCode: o.agency }),
            onProgress: progressLine(started),
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          const secs = (performance.now() - started) / 1000;
          const summary = {
            ...s,
            changedPeople: s.changedPeople.length,
            seconds: Math.round(secs * 10) / 10,
          };
          if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
          else {
            process.stdout.write(
              `batch ${s.batchId} ${s.feed} v${s.feedVersion} ${s.file}${s.alreadyImported ? ' (already imported: nothing added)' : ''}\n`,
            );
            process.stdout.write(
              `rows in ${s.rowsIn} = loaded ${s.loaded} + quarantined ${s.quarantined} + duplicate ${s.duplicate}; ${summary.changedPeople} people changed; ${summary.seconds}s\n`,
            );
          }
        });
      },
    );
  const q = cmd.command('quarantine').description('List or resubmit quarantined rows');
  q.command('list')
    .option('--feed <name>', 'only this feed')
    .option('--partnership <code>', 'partnership code')
    .option('--json', 'print JSON', false)
    .action(async (o: { feed?: string; partnership?: string; json: boolean }) => {
      await withHandle(async (handle) => {
        const entries = await listQuarantine(
          handle,
          await partnershipOf(handle, o.partnership),
          o.feed === undefined ? {} : { feed: o.feed },
        );
        if (o.json) process.stdout.write(`${JSON.stringify(entries)}\n`);
        else {
          for (const e of entries) {
            process.stdout.write(`${e.id} ${e.feed} ${e.issues.map(issueMessage).join(' | ')}\n`);
          }
        }
      });
    });
  q.command('resubmit')
    .argument('<ids...>', 'quarantine entry ids')
    .option('--set <field=value...>', 'corrected values applied to every listed row')
    .option('--partnership <code>', 'partnership code')
    .option('--json', 'print JSON', false)
    .action(async (ids: string[], o: { set?: string[]; partnership?: string; json: boolean }) => {
      const fix = Object.fromEntries(
        (o.set ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      await withHandle(async (handle) => {
        const batches = await resubmitQuarantine(
          handle,
          await partnershipOf(handle, o.partnership),
          ids,
          Object.fromEntries(ids.map((id) => [id, fix])),
        );
        if (o.json) process.stdout.write(`${JSON.stringify(batches)}\n`);
        else {
          for (const b of batches) {
            process.stdout.write(
              `batch ${b.batchId}: rows in ${b.rowsIn} = loaded ${b.loaded} + quarantined ${b.quarantined} + duplicate ${b.duplicate}\n`,
            );
          }
        }
      });
    });
}
