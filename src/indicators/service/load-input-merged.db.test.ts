// After identity review links two records of one child, the early-warning engine reads both records'
// events as the child's (and each shared event once); unlinked, each record stands alone again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { buildAgency, buildEvent, buildPartnership, buildPerson } from '../../../test/support/factories.ts';
import { loadEngineInput } from './load-input.ts';

let t: TestDatabase;
let pid: string;
let agency: string;

const missing = (day: string, people: string[]) =>
  buildEvent(t.db, pid, agency, {
    type: 'missing_episode',
    people,
    occurredAt: new Date(`${day}T22:00:00Z`),
  });

const mergeInto = (id: string, into: string | null) =>
  t.db.updateTable('person').set({ merged_into: into }).where('id', '=', id).execute();

beforeAll(async () => {
  t = await createTestDatabase();
  pid = await buildPartnership(t.db);
  agency = await buildAgency(t.db, pid, { kind: 'police' });
}, 120_000);
afterAll(() => t.dispose());

describe('engine input for a child with linked records', () => {
  it("counts the linked record's events for the child, shared events once, and not after unlinking", async () => {
    const child = await buildPerson(t.db, pid);
    const duplicate = await buildPerson(t.db, pid);
    const a = await missing('2026-09-01', [child]);
    const b = await missing('2026-09-10', [duplicate]);
    const both = await missing('2026-09-20', [child, duplicate]);
    await mergeInto(duplicate, child);

    const subset = await loadEngineInput(t.db, pid, [child]);
    expect(subset.children.map((c) => c.id)).toEqual([child]);
    expect(subset.events.map((e) => [e.id, e.childId]).sort()).toEqual(
      [a, b, both].map((id) => [id, child]).sort(),
    );
    const full = await loadEngineInput(t.db, pid);
    expect(
      full.events
        .filter((e) => e.childId === child)
        .map((e) => e.id)
        .sort(),
    ).toEqual([a, b, both].sort());
    expect(full.events.some((e) => e.childId === duplicate)).toBe(false);

    const viaDuplicate = await loadEngineInput(t.db, pid, [duplicate]);
    expect(viaDuplicate.children.map((c) => c.id)).toEqual([child]);
    expect(viaDuplicate.events).toHaveLength(3);

    await mergeInto(duplicate, null);
    const apart = await loadEngineInput(t.db, pid);
    expect(
      apart.events
        .filter((e) => e.childId === child)
        .map((e) => e.id)
        .sort(),
    ).toEqual([a, both].sort());
    expect(
      apart.events
        .filter((e) => e.childId === duplicate)
        .map((e) => e.id)
        .sort(),
    ).toEqual([b, both].sort());
  });
});
