/**
 * TOTP multi-factor sign-in (RFC 6238: SHA-1, 6 digits, 30 seconds), with one step of clock drift allowed
 * and replay refused: a code's time step must be later than the last accepted one.
 */
import { generate, generateSecret, generateURI, verify } from 'otplib';

/** @example const secret = newTotpSecret(); // base32, 160 bits */
export function newTotpSecret(): string {
  return generateSecret();
}

/** @example totpUri(secret, 'nurse@northmoor.example'); // 'otpauth://totp/Sightline:…' */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ secret, issuer: 'Sightline', label: accountName });
}

/**
 * Checks a code; returns the accepted time step, or undefined.
 *
 * @example
 * const step = await checkTotp(secret, '123456', clock.now(), user.totp_last_step);
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  try {
    const epoch = Math.floor(now.getTime() / 1000);
    const result = await verify({ secret, token, epoch, epochTolerance: 30 });
    if (!result.valid) return undefined;
    const step = Math.floor(epoch / 30) + result.delta;
    if (lastStep !== null && step <= lastStep) return undefined;
    return step;
  } catch {
    return undefined;
  }
}

/** The current code, for tests and the bench. @example await currentTotp(secret, new Date()); */
export async function currentTotp(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
