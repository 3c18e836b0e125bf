/**
 * The demo's simulated partnership, loaded through the import pipeline (issue 3 item 7): the simulator
 * writes its agency feeds (seeded, so the files are byte-identical every time) and `importDirectory`
 * takes them into the demo partnership. The simulator's agencies map onto the demo agencies by kind (one
 * police force, one children's services, one schools, one health trust, one youth justice service, one
 * voluntary organisation). Running it again adds nothing: completed files are recognised by their hash,
 * and an interrupted load resumes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { importDirectory, type BatchSummary } from '../imports/index.ts';
import type { DatabaseHandle } from '../platform/database/index.ts';
import { simulate } from '../simulate/index.ts';

export interface SimulatedDemoOptions {
  /** Children in the simulated partnership (default 2,000: the simulator's small profile). */
  readonly children?: number;
  readonly months?: number;
  readonly seed?: number;
  /** Progress lines (feed names and counts only, no personal data). */
  readonly progress?: (message: string) => void;
}

export interface SimulatedDemoSummary {
  readonly loaded: boolean;
  readonly batches: readonly BatchSummary[];
}

/**
 * Simulates a small partnership and imports it into the demo partnership, unless already done.
 *
 * @example
 * await loadSimulatedDemo(handle, partnershipId, { progress: (m) => process.stderr.write(`${m}\n`) });
 */
export async function loadSimulatedDemo(
  handle: DatabaseHandle,
  partnershipId: string,
  options: SimulatedDemoOptions = {},
): Promise<SimulatedDemoSummary> {
  const state = await sql<{ completed: number; running: number }>`
    select count(*) filter (where status = 'completed')::int as completed,
           count(*) filter (where status <> 'completed')::int as running
    from import_batch where partnership_id = ${partnershipId}`.execute(handle.db);
  const s = state.rows[0];
  if (s !== undefined && s.completed > 0 && s.running === 0) return { loaded: false, batches: [] };
  const progress = options.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'sightline-demo-'));
  try {
    progress('simulating the demo partnership');
    simulate({
      seed: options.seed ?? 1,
      out: dir,
      profile: 'small',
      ...(options.children !== undefined ? { children: options.children } : {}),
      ...(options.months !== undefined ? { months: options.months } : {}),
    });
    let last = '';
    const batches = await importDirectory(handle, partnershipId, dir, {
      onProgress: (feed, rows) => {
        if (feed !== last) progress(`importing ${feed}`);
        last = feed;
        if (rows % 100_000 === 0 && rows > 0) progress(`importing ${feed}: ${rows} rows`);
      },
    });
    progress(`imported ${batches.reduce((n, b) => n + b.loaded, 0)} rows in ${batches.length} batches`);
    return { loaded: true, batches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
