/**
 * The access hooks every request passes through: a request context (AsyncLocalStorage), the session and
 * actor from the session cookie (one query), and CSRF protection on every state-changing request (a synchroniser token
 * kept in the session, or a double-submit cookie before sign-in). A multipart form (a file upload) must
 * open with its `_csrf` field: the hook reads that one field, before a byte of any file, and leaves the
 * rest of the form to the handler (`formPartsOf`).
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { defaultPurpose, type ActorWithName } from '../accounts/actor.ts';
import { currentContext, runWithContext } from '../context/request-context.ts';
import { readCookie, writeCookie } from './cookies.ts';
import { randomToken, resolveSession, safeEqual, type SessionRow } from '../sessions/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session (any stage), if the cookie names one. */
    session: SessionRow | null;
    /** The signed-in actor: set only for a fully signed-in (active) session. */
    actor: ActorWithName | null;
    /** A multipart form's parts after its `_csrf` field, once the CSRF hook has read it. */
    formParts: AsyncIterator<Multipart> | null;
  }
}

const ANON_CSRF_COOKIE = 'sightline_csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session cookie's name: the __Host- prefix pins it to this host, path / and HTTPS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-sightline-session' : 'sightline_session';
}

/**
 * Sets the session cookie.
 *
 * @example
 * setSessionCookie(reply, deps.config.secureCookies, outcome.sessionId);
 */
export function setSessionCookie(reply: FastifyReply, secure: boolean, id: string): void {
  writeCookie(reply, sessionCookieName(secure), id, { httpOnly: true, secure, sameSite: 'Lax' });
}

/** @example clearSessionCookie(reply, secure); */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  writeCookie(reply, sessionCookieName(secure), '', { httpOnly: true, secure, sameSite: 'Lax', maxAge: 0 });
}

/**
 * The CSRF token for a form on this page: the session's, or a double-submit cookie's before sign-in.
 *
 * @example
 * reply.page('access/views/sign-in.njk', { csrfToken: csrfTokenFor(request, reply, secure) });
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  if (request.session !== null) return request.session.csrfToken;
  const existing = readCookie(request, ANON_CSRF_COOKIE);
  if (existing !== undefined && existing.length >= 32) return existing;
  const token = randomToken(32);
  writeCookie(reply, ANON_CSRF_COOKIE, token, { httpOnly: true, secure, sameSite: 'Strict' });
  return token;
}

function isAsset(url: string): boolean {
  return url.startsWith('/assets/') || url.startsWith('/static/');
}

/** True for a multipart request on a route whose context registered @fastify/multipart. */
function isMultipartForm(request: FastifyRequest): boolean {
  return typeof request.isMultipart === 'function' && request.isMultipart();
}

/**
 * The `_csrf` field that must come first in a multipart form. Only that field is read: a form that opens
 * with anything else (a file, another field), or is not well-formed, has no token and is refused.
 */
async function leadingCsrfField(request: FastifyRequest): Promise<string | undefined> {
  const parts = request.parts();
  request.formParts = parts;
  try {
    const first = await parts.next();
    if (first.done === true) return undefined;
    const part = first.value;
    if (part.type !== 'field' || part.fieldname !== '_csrf') return undefined;
    return typeof part.value === 'string' ? part.value : undefined;
  } catch {
    return undefined;
  }
}

async function submittedCsrf(request: FastifyRequest): Promise<string | undefined> {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  if (isMultipartForm(request)) return leadingCsrfField(request);
  const body = request.body;
  if (typeof body === 'object' && body !== null && '_csrf' in body) {
    const value = body._csrf;
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * Registers the hooks. Must be the first route module, so it sees every route.
 *
 * @example
 * export const ROUTE_MODULES = [registerAccessHooks, registerHomeRoutes, ...];
 */
export function registerAccessHooks(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('formParts', null);

  app.addHook('onRequest', (request, _reply, done) => {
    runWithContext(
      {
        requestId: request.id,
        actor: undefined,
        purpose: 'safeguarding',
        channel: request.url.startsWith('/api/') ? 'api' : 'web',
      },
      done,
    );
  });

  app.addHook('onRequest', async (request) => {
    if (isAsset(request.url)) return;
    const cookie = readCookie(request, sessionCookieName(deps.config.secureCookies));
    if (cookie === undefined) return;
    const resolved = await resolveSession(deps.database.db, cookie, deps.clock.now(), deps.config.session);
    if (resolved === undefined) return;
    const { session, actor } = resolved;
    request.session = session;
    if (session.stage !== 'active') return;
    if (actor === undefined || actor.partnershipId !== session.partnershipId) {
      request.session = null;
      return;
    }
    request.actor = actor;
    const context = currentContext();
    if (context !== undefined) {
      context.actor = actor;
      context.purpose = defaultPurpose(actor.roles);
    }
    request.layoutContext = {
      signedIn: { displayName: actor.displayName, agencyName: actor.agencyName },
      csrfToken: session.csrfToken,
    };
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    const submitted = await submittedCsrf(request);
    const expected = request.session?.csrfToken ?? readCookie(request, ANON_CSRF_COOKIE);
    if (submitted === undefined || expected === undefined || !safeEqual(submitted, expected)) {
      throw new AppError('forbidden_action', 'The form has expired: go back, reload the page and try again');
    }
  });
}

/**
 * A preHandler for routes that need a signed-in user: pages redirect to sign-in, the API answers 401.
 *
 * @example
 * app.get('/people', { preHandler: requireSignIn }, handler);
 */
export function requireSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  if (request.actor !== null) {
    done();
    return;
  }
  if (request.url.startsWith('/api/')) {
    done(new AppError('unauthenticated', 'Sign in to use the API'));
    return;
  }
  // Responding from a callback-style hook: send and do not call done.
  void reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
}

/**
 * The parts of a multipart form that follow its `_csrf` field (read and checked by the CSRF hook). A
 * handler reads the form only through this: calling `request.parts()` again would parse the body twice.
 *
 * @example
 * for await (const part of formPartsOf(request)) if (part.type === 'field') fields[part.fieldname] = part.value;
 */
export function formPartsOf(request: FastifyRequest): AsyncIterable<Multipart> {
  const parts = request.formParts ?? (isMultipartForm(request) ? request.parts() : null);
  if (parts === null) throw new AppError('validation', 'Send the form as multipart/form-data');
  request.formParts = parts;
  return { [Symbol.asyncIterator]: () => parts };
}

/** The signed-in actor; call only behind `requireSignIn`. @example const actor = actorOf(request); */
export function actorOf(request: FastifyRequest): ActorWithName {
  if (request.actor === null) throw new AppError('unauthenticated', 'Sign in to continue');
  return request.actor;
}
