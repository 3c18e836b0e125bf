/**
 * Minimal cookie reading and writing. The installed @fastify/cookie 11 expects `cookie` >= 1.1
 * (stringifySetCookie/parseCookie) but the project pins cookie 1.0.2, so its setCookie fails; these two
 * helpers cover what sessions and CSRF need, with strict name/value checks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const TOKEN = /^[A-Za-z0-9_-]+$/;

/**
 * Reads one cookie from the request's Cookie header.
 *
 * @example
 * readCookie(request, 'sightline_session');
 */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  /** Seconds; 0 deletes the cookie; omitted for a session cookie. */
  maxAge?: number;
}

/**
 * Appends a Set-Cookie header (path=/).
 *
 * @example
 * writeCookie(reply, 'sightline_session', id, { httpOnly: true, secure: true, sameSite: 'Lax' });
 */
export function writeCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  if (!TOKEN.test(name) || (value !== '' && !TOKEN.test(value))) {
    throw new Error('Invalid cookie name or value');
  }
  const parts = [`${name}=${value}`, 'Path=/', `SameSite=${options.sameSite}`];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  const existing = reply.getHeader('set-cookie');
  const list =
    existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), parts.join('; ')]);
}
