import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildPartnership, buildPerson, buildUser } from '../../test/support/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { runWithContext, type Actor } from '../access/index.ts';
import { systemClock } from '../platform/clock/clock.ts';
import type { AgencyKind, Role } from '../platform/database/index.ts';
import { isAppError } from '../platform/errors/index.ts';
import { newId } from '../platform/ids/ids.ts';
import { createIntelligenceService, type IntelligenceService } from './intelligence.service.ts';

let t: TestDatabase;
let intel: IntelligenceService;
let police: Actor;
let coordinator: Actor;
let practitioner: Actor;
let child: string;

const as = <T>(actor: Actor, work: () => Promise<T>): Promise<T> =>
  runWithContext({ requestId: newId(), actor, purpose: 'safeguarding', channel: 'system' }, work);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return isAppError(error) ? error.code : 'other';
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  intel = createIntelligenceService(t.db, systemClock);
  const pid = await buildPartnership(t.db);
  const make = async (kind: AgencyKind, role: Role): Promise<Actor> => {
    const agency = await buildAgency(t.db, pid, { kind });
    const userId = await buildUser(t.db, pid, agency, { roles: [role] });
    return {
      userId,
      partnershipId: pid,
      agencyId: agency,
      agencyKind: kind,
      roles: [role],
      dataProtectionLead: false,
    };
  };
  police = await make('police', 'police_analyst');
  coordinator = await make('social_care', 'coordinator');
  practitioner = await make('education', 'practitioner');
  child = await buildPerson(t.db, pid, { kind: 'child' });
  // The police are involved with the child (they may link intelligence to them).
  await t.db
    .insertInto('agency_assignment')
    .values({
      id: newId(),
      partnership_id: pid,
      person_id: child,
      agency_id: police.agencyId,
      assigned_at: new Date(),
      ended_at: null,
      assigned_by: null,
    })
    .execute();
});
afterAll(() => t.dispose());

const source = { type: 'Member of the public', reference: 'SRC-7781' };

describe('intelligence service', () => {
  it('refuses a 3x5x2 grading that breaks the rules, with the field and a GOV.UK message', async () => {
    await expect(
      as(police, () =>
        intel.record(police, {
          text: 'Seen at the hotel.',
          grading: { scheme: '3x5x2', source: '2', assessment: 'C', handling: 'C' },
          source,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'validation',
      issues: [
        {
          path: ['grading', 'handlingConditions'],
          message: 'Enter the handling conditions for handling code C',
        },
      ],
    });
    expect(
      await codeOf(
        as(police, () =>
          intel.record(police, {
            text: 'x',
            grading: { scheme: '3x5x2', source: '1', assessment: 'B', handling: 'P' },
            source,
          }),
        ),
      ),
    ).toBe('validation');
  });

  it('gives police the full item and a coordinator only the sanitised version of code P', async () => {
    const { id, warnings } = await as(police, () =>
      intel.record(police, {
        text: 'The informant says the child is taken to the hotel. Call 07700 900123 for details.',
        grading: { scheme: '3x5x2', source: '3', assessment: 'C', handling: 'P' },
        source,
        links: [{ type: 'person', id: child }],
      }),
    );
    expect(warnings.map((w) => w.code)).toEqual(['review_unreliable_source']);
    const full = await as(police, () => intel.get(police, id));
    expect(full).toMatchObject({ version: 'full', source, gradingLabel: '3C P (3x5x2)' });
    expect(full.links.map((l) => l.id)).toEqual([child]);
    const shared = await as(coordinator, () => intel.get(coordinator, id));
    expect(shared.version).toBe('sanitised');
    expect(shared.source).toBeUndefined();
    expect(shared.text).not.toMatch(/informant|07700/);
    expect(shared.links.map((l) => l.id)).toEqual([child]); // coordinators see every child
    expect(await codeOf(as(practitioner, () => intel.get(practitioner, id)))).toBe('not_found');
  });

  it('keeps code C inside the police: partners get not found, and it is absent from their list', async () => {
    const { id } = await as(police, () =>
      intel.record(police, {
        text: 'Vehicle seen.',
        grading: {
          scheme: '3x5x2',
          source: '1',
          assessment: 'A',
          handling: 'C',
          handlingConditions: 'Not to be shared before the operation',
        },
        source,
      }),
    );
    expect(await codeOf(as(coordinator, () => intel.get(coordinator, id)))).toBe('not_found');
    expect((await as(coordinator, () => intel.list(coordinator))).map((i) => i.id)).not.toContain(id);
    expect((await as(police, () => intel.get(police, id))).grading).toMatchObject({
      handlingConditions: 'Not to be shared before the operation',
    });
  });

  it('stores a legacy 5x5x5 item in its own scheme, never converted and never shared', async () => {
    const { id, warnings } = await as(police, () =>
      intel.record(police, {
        text: 'Historic report.',
        grading: { scheme: '5x5x5', source: 'B', intelligence: '2', handling: '1' },
        source,
      }),
    );
    expect(warnings.map((w) => w.code)).toEqual(['legacy_grading']);
    const item = await as(police, () => intel.get(police, id));
    expect(item).toMatchObject({
      scheme: '5x5x5',
      gradingLabel: 'B21 (legacy 5x5x5)',
      grading: { scheme: '5x5x5', source: 'B', intelligence: '2', handling: '1' },
    });
    expect(await codeOf(as(coordinator, () => intel.get(coordinator, id)))).toBe('not_found');
  });

  it('lets only police analysts record, and only links to records they may see', async () => {
    const input = {
      text: 'x',
      grading: {
        scheme: '3x5x2' as const,
        source: '2' as const,
        assessment: 'C' as const,
        handling: 'P' as const,
      },
      source,
    };
    expect(await codeOf(as(coordinator, () => intel.record(coordinator, input)))).toBe('not_found');
    const stranger = await buildPerson(t.db, police.partnershipId, { kind: 'adult_of_concern' });
    expect(
      await codeOf(
        as(police, () => intel.record(police, { ...input, links: [{ type: 'person', id: stranger }] })),
      ),
    ).toBe('validation');
  });
});
