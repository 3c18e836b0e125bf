/**
 * Passwords: argon2id hashes (OWASP parameters), a minimum length of 12 and a check against a list of
 * common passwords, with no composition rules (NCSC guidance). `verifyPassword` always runs argon2, against
 * a dummy hash when there is no account, so timing does not reveal which accounts exist.
 */
import { readFileSync } from 'node:fs';
import argon2 from 'argon2';
import type { FieldIssue } from '../../platform/errors/index.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);

/**
 * Checks a new password against the rules; returns GOV.UK-style field issues (empty when acceptable).
 *
 * @example
 * checkNewPassword('password1234', 'a@b.example'); // [{ path: ['password'], code: 'common', ... }]
 */
export function checkNewPassword(password: string, email = ''): FieldIssue[] {
  const path = ['password'];
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [
      { path, code: 'too_small', message: `Password must be ${PASSWORD_MIN_LENGTH} characters or more` },
    ];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [
      { path, code: 'too_big', message: `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer` },
    ];
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (email !== '' && lower.includes(email.toLowerCase().split('@')[0] ?? '\u0000'))) {
    return [{ path, code: 'common', message: 'Choose a password that is harder to guess' }];
  }
  return [];
}

/** @example const hash = await hashPassword('a long passphrase of mine'); */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash, or against a dummy hash when `hash` is null so that the
 * time taken is the same whether or not the account exists.
 *
 * @example
 * const ok = await verifyPassword(user?.password_hash ?? null, password);
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= argon2.hash('sightline-dummy-password-for-timing', ARGON2_OPTIONS);
  const target = hash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(target, password.slice(0, PASSWORD_MAX_LENGTH));
    return ok && hash !== null;
  } catch {
    return false;
  }
}
