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

  it('joins the chain at commit: pending inside the transaction, linked and hashed after it', async () => {
    const inside = await runWithContext(
      { requestId: 'pending', actor: undefined, purpose: 'testing', channel: 'system' },
      () =>
        inTransaction(t.db, async (tx) => {
          await writeAudit(tx, new Date(Date.UTC(2026, 10, 2, 10)), { action: 'first', partnershipId });
          await writeAudit(tx, new Date(Date.UTC(2026, 10, 2, 10)), { action: 'second', partnershipId });
          return tx
            .selectFrom('audit_event')
            .select(['hash', 'pending_content'])
            .where('request_id', '=', 'pending')
            .execute();
        }),
    );
    expect(inside.map((e) => e.hash)).toEqual(['', '']);
    expect(inside.every((e) => e.pending_content !== null)).toBe(true);
    const after = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('request_id', '=', 'pending')
      .orderBy('seq')
      .execute();
    expect(after.map((e) => e.action)).toEqual(['first', 'second']);
    expect(after.map((e) => e.pending_content)).toEqual([null, null]);
    expect(after[1]!.prev_hash).toBe(after[0]!.hash);
    for (const e of after) expect(e.hash).toBe(hashAuditEvent(e));
    const head = await t.db
      .selectFrom('audit_chain_head')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({ last_seq: after[1]!.seq, last_hash: after[1]!.hash, event_count: 43 });
    expect((await verifyAuditChain(t.db, { partnershipId })).problems).toEqual([]);
  });

  it('does not save the work when its event cannot join the chain at commit', async () => {
    const marker = randomUUID();
    await sql`alter table audit_chain_head add constraint audit_head_full check (event_count < 43) not valid`.execute(
      t.db,
    );
    try {
      await expect(
        runWithContext({ requestId: 'full', actor: undefined, purpose: 'testing', channel: 'system' }, () =>
          inTransaction(t.db, async (tx) => {
            await sql`insert into partnership (partnership_id, code, name) values (${marker}, 'work', 'The work')`.execute(
              tx,
            );
            await writeAudit(tx, new Date(), { action: 'person.read', partnershipId });
          }),
        ),
      ).rejects.toThrow(/audit_head_full/);
    } finally {
      await sql`alter table audit_chain_head drop constraint audit_head_full`.execute(t.db);
    }
    const work = await sql`select 1 from partnership where partnership_id = ${marker}`.execute(t.db);
    expect(work.rows).toEqual([]);
    expect((await verifyAuditChain(t.db, { partnershipId })).events).toBe(43);
  });

  it('starts one chain when the first events of a partnership commit at once', async () => {
    const fresh = randomUUID();
    await sql`insert into partnership (partnership_id, code, name) values (${fresh}, 'audit-fresh', 'Fresh')`.execute(
      t.db,
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runWithContext({ requestId: `f${i}`, actor: undefined, purpose: 'testing', channel: 'system' }, () =>
          inTransaction(t.db, (tx) =>
            writeAudit(tx, new Date(), { action: 'person.read', partnershipId: fresh }),
          ),
        ),
      ),
    );
    const report = await verifyAuditChain(t.db, { partnershipId: fresh });
    expect(report.problems).toEqual([]);
    expect(report.events).toBe(12);
  });
});
