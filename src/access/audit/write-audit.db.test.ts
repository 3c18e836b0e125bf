import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { inTransaction } from '../../platform/database/index.ts';
import { runWithContext } from '../context/request-context.ts';
import { GENESIS_HASH, hashAuditEvent } from './canonical.ts';
import { verifyAuditChain } from './verify.ts';
import { writeAudit } from './write-audit.ts';

describe('writeAudit (database)', () => {
  let t: TestDatabase;
  let partnershipId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    partnershipId = randomUUID();
    await sql`insert into partnership (partnership_id, code, name) values (${partnershipId}, 'audit-test', 'Audit test')`.execute(
      t.db,
    );
  });
  afterAll(() => t.dispose());

  const write = (n: number) =>
    runWithContext({ requestId: `r${n}`, actor: undefined, purpose: 'testing', channel: 'system' }, () =>
      inTransaction(t.db, (tx) =>
        writeAudit(tx, new Date(Date.UTC(2026, 10, 2, 9, 0, n)), {
          action: 'person.read',
          partnershipId,
          subjectType: 'person',
          subjectIds: [randomUUID()],
          details: { n, text: 'Café – “quoted” ✓' },
        }),
      ),
    );

  it('starts the chain of a partnership with no head, from the genesis hash', async () => {
    await write(0);
    const first = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(GENESIS_HASH);
    expect(first.hash).toBe(hashAuditEvent(first));
    const head = await t.db
      .selectFrom('audit_chain_head')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({ last_seq: first.seq, last_hash: first.hash, event_count: 1 });
  });

  it('keeps one unbroken chain when many requests audit at once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => write(i + 1)));
    const report = await verifyAuditChain(t.db, { partnershipId });
    expect(report.problems).toEqual([]);
    expect(report.events).toBe(41);
    const head = await t.db
      .selectFrom('audit_chain_head')
      .select('event_count')
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    expect(head.event_count).toBe(41);
  });

  it('writes nothing when the work it records rolls back', async () => {
    await expect(
      runWithContext({ requestId: 'rb', actor: undefined, purpose: 'testing', channel: 'system' }, () =>
        inTransaction(t.db, async (tx) => {
          await writeAudit(tx, new Date(), { action: 'person.read', partnershipId });
          throw new Error('the work failed');
        }),
      ),
    ).rejects.toThrow('the work failed');
    expect((await verifyAuditChain(t.db, { partnershipId })).events).toBe(41);
  });
});
