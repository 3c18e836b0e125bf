import { randomUUID } from 'node:crypto';

/** A new random (version 4) UUID for a row id. @example newId(); // '3b1f…' */
export function newId(): string {
  return randomUUID();
}
