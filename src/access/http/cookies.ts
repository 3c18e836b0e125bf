/**
 * Cookie reading and writing for sessions and CSRF, on @fastify/cookie, with strict name/value checks:
 * Sightline's cookie values are opaque random tokens, so anything else is treated as absent.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const TOKEN = /^[A-Za-z0-9_-]+$/;

/**
 * Reads one cookie from the request.
 *
 * @example
 * readCookie(request, 'sightline_session');
 */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return value !== undefined && TOKEN.test(value) ? value : undefined;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  /** Seconds; 0 deletes the cookie; omitted for a session cookie. */
  maxAge?: number;
}

/**
 * Sets a cookie on the reply (path=/), replacing any set earlier in the same reply.
 *
 * @example
 * writeCookie(reply, 'sightline_session', id, { httpOnly: true, secure: true, sameSite: 'Lax' });
 */
export function writeCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  if (!TOKEN.test(name) || (value !== '' && !TOKEN.test(value))) {
    throw new Error('Invalid cookie name or value');
  }
  void reply.setCookie(name, value, {
    path: '/',
    httpOnly: options.httpOnly,
    secure: options.secure,
    sameSite: options.sameSite === 'Lax' ? 'lax' : 'strict',
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
}
