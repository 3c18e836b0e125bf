// Test fixtures: review pairs made the way the product makes them, by importing a voluntary-sector
// referrals file whose children look like demo children without being certain matches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../imports/index.ts';
import type { DatabaseHandle } from '../platform/database/index.ts';

/** The demo children the referrals look like, and how. */
export const QUEUED = {
  /** "Lia Brennan": the demo's Leah Brennan with her first name spelt differently (about 97%). */
  lia: { given: 'Lia', family: 'Brennan', looksLike: 'Brennan' },
  /** "Emilia Hartwell": the demo's Amelia Hartwell, first name misspelt (about 89%). */
  emilia: { given: 'Emilia', family: 'Hartwell', looksLike: 'Hartwell' },
} as const;

/**
 * Imports two Safe Steps referrals that the identity resolver queues for review against demo children.
 *
 * @example
 * await queueDemoPairs(handle, partnershipId);
 */
export async function queueDemoPairs(handle: DatabaseHandle, partnershipId: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-identity-'));
  const file = join(dir, 'referrals.csv');
  writeFileSync(
    file,
    [
      'case_ref,referral_date,known_as,surname,date_of_birth,sex,address_line1,postcode,phone,referrer,service,engagement,sessions_attended',
      'SS-0001,2026-10-12,Emilia,Hartwell,2011-03-14,F,,,,school,cse_support,engaged,3',
      'SS-0002,2026-10-19,Lia,Brennan,2012-07-29,F,,,,self,cse_support,partly,1',
      '',
    ].join('\n'),
  );
  const batch = await importFile(handle, { partnershipId, feed: 'voluntary_referrals', file });
  if (batch.loaded !== 2) throw new Error(`expected 2 referrals loaded, got ${batch.loaded}`);
}
