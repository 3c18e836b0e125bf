import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../test/support/db.ts';
import { newId } from '../ids/ids.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.ts';

describe(`database schema on ${testDatabaseKind}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('records every migration and applies nothing the second time', async () => {
    const rows = await t.db.selectFrom('sightline_migration').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(rows.length);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-mig-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const first = readMigrations(dir)[0]!;
      writeFileSync(join(dir, first.name), `${first.sql}\n-- edited\n`);
      await expect(migrate(t.db, dir)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes and reads back a row in every table with the same values', async () => {
    const db = t.db;
    const pid = newId();
    const agencyId = newId();
    const userId = newId();
    const personId = newId();
    const batchId = newId();
    const sourceId = newId();
    const locationId = newId();
    const objectId = newId();
    const eventId = newId();
    const at = new Date('2026-05-01T10:15:30.123Z');
    await db
      .insertInto('partnership')
      .values({ partnership_id: pid, code: `rt-${pid}`, name: 'Round Trip' })
      .execute();
    await db
      .insertInto('agency')
      .values({ id: agencyId, partnership_id: pid, code: 'pol', name: 'Police', kind: 'police' })
      .execute();
    await db
      .insertInto('user_account')
      .values({
        id: userId,
        partnership_id: pid,
        agency_id: agencyId,
        email: 'a@b.example',
        display_name: 'A',
        password_hash: 'h',
        totp_secret: 's',
        mfa_enrolled_at: at,
        disabled_at: null,
        last_sign_in_at: at,
      })
      .execute();
    await db
      .insertInto('role_grant')
      .values({ id: newId(), partnership_id: pid, user_id: userId, role: 'auditor', granted_by: userId })
      .execute();
    await db
      .insertInto('person')
      .values({
        id: personId,
        partnership_id: pid,
        kind: 'child',
        given_name: 'Zoë',
        middle_names: "O'Neill",
        family_name: 'Smith-Jones',
        date_of_birth: '2012-02-29',
        sex: 'female',
        ethnicity_dfe: 'WBRI',
        ethnicity_police_self_defined: 'W1',
        ethnicity_police_officer_defined: 'IC1',
        nationality: 'GBR',
        disability: 'none',
        special_educational_needs: 'K',
        looked_after: true,
        sealed: true,
        merged_into: null,
      })
      .execute();
    await db
      .insertInto('import_batch')
      .values({
        id: batchId,
        partnership_id: pid,
        agency_id: agencyId,
        feed: 'pupil_roll',
        file_name: 'x.csv',
        file_sha256: 'abc',
        status: 'completed',
        rows_in: 3,
        rows_loaded: 1,
        rows_quarantined: 1,
        rows_duplicate: 1,
        finished_at: at,
        created_by: userId,
      })
      .execute();
    await db
      .insertInto('source_record')
      .values({
        id: sourceId,
        partnership_id: pid,
        agency_id: agencyId,
        feed: 'pupil_roll',
        external_key: 'K1',
        payload: JSON.stringify({ a: [1, 2], b: 'x' }),
        batch_id: batchId,
        person_id: personId,
      })
      .execute();
    await db
      .insertInto('person_identifier')
      .values({
        id: newId(),
        partnership_id: pid,
        person_id: personId,
        scheme: 'nhs_number',
        value: '9434765919',
        valid_from: '2020-01-01',
        valid_to: null,
        source_record_id: sourceId,
      })
      .execute();
    await db
      .insertInto('person_alias')
      .values({
        id: newId(),
        partnership_id: pid,
        person_id: personId,
        kind: 'known_as',
        given_name: 'Zo',
        family_name: null,
        source_record_id: sourceId,
      })
      .execute();
    await db
      .insertInto('location')
      .values({
        id: locationId,
        partnership_id: pid,
        kind: 'takeaway',
        name: 'Grill',
        address: '1 High St',
        postcode: 'NM1 1AA',
        latitude: 53.5,
        longitude: -1.25,
      })
      .execute();
    await db
      .insertInto('person_address')
      .values({
        id: newId(),
        partnership_id: pid,
        person_id: personId,
        location_id: locationId,
        line1: '1 High St',
        line2: null,
        town: 'Northmoor',
        postcode: 'NM1 1AA',
        valid_from: '2024-01-01',
        valid_to: '2025-01-01',
        source_record_id: sourceId,
      })
      .execute();
    await db
      .insertInto('person_contact')
      .values({
        id: newId(),
        partnership_id: pid,
        person_id: personId,
        kind: 'phone',
        value: '07700900123',
        source_record_id: sourceId,
      })
      .execute();
    await db
      .insertInto('object')
      .values({
        id: objectId,
        partnership_id: pid,
        kind: 'vehicle',
        value: 'NM12 ABC',
        normalised_value: 'NM12ABC',
        description: 'Silver hatchback',
      })
      .execute();
    await db
      .insertInto('event')
      .values({
        id: eventId,
        partnership_id: pid,
        agency_id: agencyId,
        type: 'found_in_company',
        occurred_at: at,
        occurred_until: null,
        location_id: locationId,
        narrative: 'n',
        data: JSON.stringify({ k: 1 }),
        source_record_id: sourceId,
        recorded_by: userId,
      })
      .execute();
    await db
      .insertInto('event_party')
      .values({ id: newId(), partnership_id: pid, event_id: eventId, person_id: personId, role: 'subject' })
      .execute();
    await db
      .insertInto('event_object')
      .values({ id: newId(), partnership_id: pid, event_id: eventId, object_id: objectId })
      .execute();
    await db
      .insertInto('concern')
      .values({
        id: newId(),
        partnership_id: pid,
        person_id: personId,
        raised_by_user_id: userId,
        raised_by_agency_id: agencyId,
        indicators: JSON.stringify(['missing']),
        narrative: 'n',
        lawful_basis: 'public_task',
      })
      .execute();
    await db
      .insertInto('audit_event')
      .values({
        partnership_id: pid,
        occurred_at: at,
        request_id: 'r',
        actor_user_id: userId,
        actor_agency_id: agencyId,
        actor_role: 'auditor',
        action: 'person.read',
        subject_type: 'person',
        subject_ids: JSON.stringify([personId]),
        purpose: 'p',
        outcome: 'success',
        details: JSON.stringify({}),
        prev_hash: '0',
        hash: '1',
      })
      .execute();

    const person = await db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      given_name: 'Zoë',
      middle_names: "O'Neill",
      date_of_birth: '2012-02-29',
      looked_after: true,
      sealed: true,
    });
    const user = await db
      .selectFrom('user_account')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.mfa_enrolled_at).toEqual(at);
    const source = await db
      .selectFrom('source_record')
      .select('payload')
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow();
    expect(source.payload).toEqual({ a: [1, 2], b: 'x' });
    const location = await db
      .selectFrom('location')
      .selectAll()
      .where('id', '=', locationId)
      .executeTakeFirstOrThrow();
    expect(location.latitude).toBe(53.5);
    const event = await db
      .selectFrom('event')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(event.occurred_at).toEqual(at);
    expect(event.data).toEqual({ k: 1 });
    const audit = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('partnership_id', '=', pid)
      .executeTakeFirstOrThrow();
    expect(typeof audit.seq).toBe('number');
    expect(audit.subject_ids).toEqual([personId]);
    const batch = await db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(batch.rows_in).toBe(batch.rows_loaded + batch.rows_quarantined + batch.rows_duplicate);

    const tables = [
      'partnership',
      'agency',
      'user_account',
      'role_grant',
      'person',
      'import_batch',
      'source_record',
      'person_identifier',
      'person_alias',
      'location',
      'person_address',
      'person_contact',
      'object',
      'event',
      'event_party',
      'event_object',
      'concern',
      'audit_event',
    ] as const;
    for (const table of tables) {
      const n = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partnership_id', '=', pid)
        .executeTakeFirstOrThrow();
      expect(Number(n.n), table).toBeGreaterThanOrEqual(1);
    }
  });

  it('rejects a row that breaks a constraint and keeps the transaction atomic', async () => {
    const pid = newId();
    await expect(
      t.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('partnership')
          .values({ partnership_id: pid, code: `atomic-${pid}`, name: 'Atomic' })
          .execute();
        await tx
          .insertInto('agency')
          .values({ id: newId(), partnership_id: pid, code: 'x', name: 'X', kind: 'wizardry' as 'police' })
          .execute();
      }),
    ).rejects.toThrow();
    const found = await t.db
      .selectFrom('partnership')
      .select('partnership_id')
      .where('partnership_id', '=', pid)
      .execute();
    expect(found).toEqual([]);
  });
});
