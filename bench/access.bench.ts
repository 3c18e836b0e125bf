// Access: the cost of one policy decision (µs per check) and what auditing adds to a person read, as a
// ratio against the same read without the audit write, measured in one run on embedded PGlite.
import { performance } from 'node:perf_hooks';
import { withAccess, can, runWithContext, type Actor, type PersonFacts } from '../src/access/index.ts';
import { loadDemoPartnership } from '../src/demo/index.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { inTransaction, migrate, openDatabase } from '../src/platform/database/index.ts';
import { loadActor } from '../src/access/accounts/actor.ts';
import { checkPersonAccess } from '../src/access/policy/check-access.ts';
import { personRecord } from '../src/access/data/person-queries.ts';

const actor: Actor = {
  userId: 'u1',
  partnershipId: 'p1',
  agencyId: 'a1',
  agencyKind: 'education',
  roles: ['practitioner'],
  dataProtectionLead: false,
};
const facts: PersonFacts[] = Array.from({ length: 1000 }, (_, i) => ({
  type: 'person',
  id: `x${i}`,
  partnershipId: 'p1',
  kind: i % 3 === 0 ? 'adult_of_concern' : 'child',
  sealed: i % 50 === 0,
  involvedAgencyIds: i % 2 === 0 ? ['a1', 'a2'] : ['a3'],
  namedUserIds: [],
  breakGlassUserIds: i % 7 === 0 ? ['u1'] : [],
}));
let allowed = 0;
const checks = 2_000_000;
for (let i = 0; i < 100_000; i += 1) if (can(actor, 'person.read', facts[i % 1000]!)) allowed += 1;
const t0 = performance.now();
for (let i = 0; i < checks; i += 1) if (can(actor, 'person.read', facts[i % 1000]!)) allowed += 1;
const perCheck = ((performance.now() - t0) * 1000) / checks;
process.stderr.write(`policy checks done (${allowed} allowed)\n`);
console.log(`access_policy_check ${perCheck.toFixed(3)} us`);

const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
await migrate(handle.db);
await loadDemoPartnership(handle.db);
const user = await handle.db
  .selectFrom('user_account')
  .select('id')
  .where('email', '=', 'coordinator@northmoor.example')
  .executeTakeFirstOrThrow();
const coordinator = (await loadActor(handle.db, user.id))!;
const person = await handle.db
  .selectFrom('person')
  .select('id')
  .where('family_name', '=', 'Hartwell')
  .executeTakeFirstOrThrow();
const clock = fixedClock('2026-11-02T09:00:00Z');
const N = 400;
await runWithContext(
  { requestId: 'bench', actor: coordinator, purpose: 'safeguarding', channel: 'system' },
  async () => {
    // Baseline: the same transaction, access check and queries, without the audit write.
    const unaudited = () =>
      inTransaction(handle.db, async (tx) => {
        const { allowed: ok } = await checkPersonAccess(
          tx,
          coordinator,
          'person.read',
          [person.id],
          clock.now(),
        );
        if (ok.has(person.id)) await personRecord(tx, coordinator.partnershipId, person.id);
      });
    const audited = () => withAccess(handle.db, clock, coordinator, (scope) => scope.readPerson(person.id));
    for (let i = 0; i < 50; i += 1) {
      await unaudited();
      await audited();
    }
    let base = 0;
    let withAudit = 0;
    for (let round = 0; round < 4; round += 1) {
      let t = performance.now();
      for (let i = 0; i < N / 4; i += 1) await unaudited();
      base += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < N / 4; i += 1) await audited();
      withAudit += performance.now() - t;
    }
    console.log(`access_person_read_unaudited ${((base * 1000) / N).toFixed(0)} us`);
    console.log(`access_person_read_audited ${((withAudit * 1000) / N).toFixed(0)} us`);
    console.log(`access_audit_overhead_ratio ${(withAudit / base).toFixed(2)} x`);
  },
);
await handle.close();
