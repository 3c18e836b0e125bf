/**
 * Sign-in throttling per account name and per address. Keys are hashed, and the account key is the name
 * typed whether or not such an account exists, so throttling reveals nothing about which accounts exist.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/index.ts';

export const THROTTLE = {
  windowMinutes: 15,
  perAccount: 5,
  perAddress: 20,
} as const;

/** @example throttleKey('account', 'Nurse@Northmoor.example') */
export function throttleKey(kind: 'account' | 'address', value: string): string {
  return createHash('sha256').update(`${kind}:${value.trim().toLowerCase()}`).digest('hex');
}

/**
 * Whether sign-in is currently blocked for this account name or address.
 *
 * @example
 * if (await isThrottled(db, pid, email, ip, now)) throw tooManyAttempts();
 */
export async function isThrottled(
  db: Kysely<Database>,
  partnershipId: string,
  account: string,
  address: string,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const count = async (kind: 'account' | 'address', value: string) => {
    const row = await db
      .selectFrom('sign_in_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('partnership_id', '=', partnershipId)
      .where('key_kind', '=', kind)
      .where('key_hash', '=', throttleKey(kind, value))
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [byAccount, byAddress] = await Promise.all([count('account', account), count('address', address)]);
  return byAccount >= THROTTLE.perAccount || byAddress >= THROTTLE.perAddress;
}

/** @example await recordAttempt(tx, pid, email, ip, false, now); */
export async function recordAttempt(
  db: Kysely<Database>,
  partnershipId: string,
  account: string,
  address: string,
  succeeded: boolean,
  now: Date,
): Promise<void> {
  await db
    .insertInto('sign_in_attempt')
    .values([
      {
        partnership_id: partnershipId,
        key_kind: 'account',
        key_hash: throttleKey('account', account),
        succeeded,
        attempted_at: now,
      },
      {
        partnership_id: partnershipId,
        key_kind: 'address',
        key_hash: throttleKey('address', address),
        succeeded,
        attempted_at: now,
      },
    ])
    .execute();
}
