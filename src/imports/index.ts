// Public surface of the imports module: feed definitions, importing files and folders, the quarantine,
// and the export-safety helper every CSV/XLSX export uses.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from '../platform/database/index.ts';
import { FEEDS } from './feeds/index.ts';
import { IdentityResolver } from './identity.ts';
import { importFile, type BatchSummary } from './import-file.ts';
import { notifyBatchCompleted } from './batch-completed.ts';

export { FEEDS, feedByName, type FeedDefinition } from './feeds/index.ts';
export {
  importFile,
  type BatchKnown,
  type BatchSummary,
  type ImportFileOptions,
  type ImportProgress,
} from './import-file.ts';
export { IdentityResolver, type Resolution } from './identity.ts';
export { onBatchCompleted, type BatchCompleted, type BatchCompletedListener } from './batch-completed.ts';
export { listQuarantine, resubmitQuarantine, type QuarantineEntry } from './quarantine.ts';
export { safeCell, safeRow } from './export-safety.ts';
export { decodeMarks } from './attendance-weeks.ts';
export { issueMessage, validateRow, type RowIssue } from './validate.ts';

/**
 * Imports every recognised feed file of a simulated partnership folder (`<agency>/<name>.csv`), in
 * dependency order (people and records before the rows that refer to them), then tells the
 * batch-completed listeners once for the whole folder.
 *
 * @example
 * const batches = await importDirectory(handle, partnershipId, 'out/northmoor');
 */
export async function importDirectory(
  handle: DatabaseHandle,
  partnershipId: string,
  dir: string,
  options: { onProgress?: (feed: string, rows: number) => void } = {},
): Promise<BatchSummary[]> {
  const out: BatchSummary[] = [];
  const identity = await IdentityResolver.open(handle.db, partnershipId);
  for (const feed of FEEDS) {
    for (const base of feed.files) {
      for (const ext of ['.csv', '.jsonl']) {
        const file = join(dir, `${base}${ext}`);
        if (!existsSync(file)) continue;
        out.push(
          await importFile(handle, {
            partnershipId,
            feed: feed.name,
            file,
            identity,
            notify: false,
            onProgress: (p) => options.onProgress?.(feed.name, p.rows),
          }),
        );
      }
    }
  }
  const xml = existsSync(join(dir, 'social_care'))
    ? readdirSync(join(dir, 'social_care')).filter((f) => f.endsWith('.xml'))
    : [];
  for (const f of xml) {
    out.push(
      await importFile(handle, {
        partnershipId,
        feed: 'cin_census',
        file: join(dir, 'social_care', f),
        identity,
        notify: false,
      }),
    );
  }
  const fresh = out.filter((b) => !b.alreadyImported);
  await notifyBatchCompleted(handle, {
    partnershipId,
    batchIds: fresh.map((b) => b.batchId),
    changedPeople: new Set(fresh.flatMap((b) => b.changedPeople)).size,
  });
  return out;
}
export { registerImportRoutes } from './web/imports.routes.ts';
