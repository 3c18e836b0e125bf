/**
 * The partnership this server serves. A deployment serves one partnership (the tenant); the signed-in
 * user's partnership takes over once accounts exist.
 */
import { notFound } from '../errors/index.ts';
import type { Db } from '../database/index.ts';

export interface PartnershipSummary {
  partnershipId: string;
  code: string;
  name: string;
}

/** @example const { partnershipId } = await currentPartnership(db); */
export async function currentPartnership(db: Db): Promise<PartnershipSummary> {
  const row = await db
    .selectFrom('partnership')
    .select(['partnership_id', 'code', 'name'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) throw notFound('partnership');
  return { partnershipId: row.partnership_id, code: row.code, name: row.name };
}
