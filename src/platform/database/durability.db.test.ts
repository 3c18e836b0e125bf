import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../ids/ids.ts';
import { openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';

describe('embedded PGlite durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds committed data after closing and reopening the data folder', async () => {
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await migrate(first.db);
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const id = newId();
      ids.push(id);
      await first.db
        .insertInto('partnership')
        .values({ partnership_id: id, code: `d-${i}`, name: `Durable ${i}` })
        .execute();
    }
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dataDir: dir });
    const rows = await second.db.selectFrom('partnership').select('partnership_id').orderBy('code').execute();
    await second.close();
    expect(rows.map((r) => r.partnership_id).sort()).toEqual([...ids].sort());
  });

  it('does not keep data from a transaction that rolled back', async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('partnership')
          .values({ partnership_id: newId(), code: 'rolled-back', name: 'X' })
          .execute();
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await handle.close();
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    const rows = await again.db
      .selectFrom('partnership')
      .select('code')
      .where('code', '=', 'rolled-back')
      .execute();
    await again.close();
    expect(rows).toEqual([]);
  });
});
