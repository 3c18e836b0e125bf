/**
 * Sign-in, second factor, MFA enrolment and sign-out pages. Forms work without JavaScript, show a GOV.UK
 * error summary, and every failure of the password step shows the same message with the same status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app.ts';
import { currentPartnership } from '../../platform/http/partnership.ts';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from '../http/hooks.ts';
import { totpUri } from '../mfa/totp.ts';
import { completeMfa, signInWithPassword, signOut, type SignInDeps } from './sign-in.service.ts';

const SIGN_IN_FAILED = 'Enter a correct email address and password';

const SignInBody = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(500).optional(),
  _csrf: z.string().optional(),
});
const CodeBody = z.object({ code: z.string().max(20).default(''), _csrf: z.string().optional() });
const NextQuery = z.object({ next: z.string().max(500).optional() });

/** Only same-site relative paths are followed after sign-in. */
function safeNext(next: string | undefined): string {
  return next !== undefined && /^\/(?![/\\])/.test(next) ? next : '/people';
}

function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function registerSignInRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const signInDeps: SignInDeps = { db: deps.database.db, config: deps.config, clock: deps.clock };
  const secure = deps.config.secureCookies;

  const signInPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { email?: string; next?: string | undefined; errors?: { href: string; text: string }[] },
  ) =>
    reply.page('access/views/sign-in.njk', {
      pageTitle: 'Sign in',
      csrfToken: csrfTokenFor(request, reply, secure),
      email: extra.email ?? '',
      next: extra.next,
      errorList: extra.errors ?? [],
      demoPasswordHint: deps.config.demoMode,
    });

  app.get('/sign-in', { schema: { querystring: NextQuery, hide: true } }, async (request, reply) => {
    if (request.actor !== null) return reply.redirect(safeNext(request.query.next), 303);
    return signInPage(request, reply, { next: request.query.next });
  });

  app.post('/sign-in', { schema: { body: SignInBody, hide: true } }, async (request, reply) => {
    const { email, password, next } = request.body;
    const errors: { href: string; text: string }[] = [];
    if (email.trim() === '') errors.push({ href: '#email', text: 'Enter your email address' });
    if (password === '') errors.push({ href: '#password', text: 'Enter your password' });
    if (errors.length > 0) return signInPage(request, reply.status(400), { email, next, errors });
    const partnership = await currentPartnership(deps.database.db);
    const outcome = await signInWithPassword(signInDeps, partnership.partnershipId, {
      email,
      password,
      address: request.ip,
    });
    if (outcome.kind !== 'ok') {
      const text =
        outcome.kind === 'throttled'
          ? 'There have been too many attempts to sign in. Wait 15 minutes and try again'
          : SIGN_IN_FAILED;
      return signInPage(request, reply.status(outcome.kind === 'throttled' ? 429 : 401), {
        email,
        next,
        errors: [{ href: '#email', text }],
      });
    }
    setSessionCookie(reply, secure, outcome.sessionId);
    const after =
      outcome.stage === 'active'
        ? safeNext(next)
        : outcome.stage === 'enrol'
          ? '/sign-in/enrol'
          : '/sign-in/code';
    return reply.redirect(after, 303);
  });

  const codePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: { href: string; text: string }[] = [],
  ) => {
    const session = request.session;
    if (session === null || session.stage === 'active') return reply.redirect('/sign-in', 303);
    const enrolling = session.stage === 'enrol';
    const secret = session.pendingTotpSecret ?? '';
    return reply.page('access/views/sign-in-code.njk', {
      pageTitle: enrolling ? 'Set up your authenticator app' : 'Enter your security code',
      enrolling,
      secret: enrolling ? groupedSecret(secret) : undefined,
      otpauthUri: enrolling ? totpUri(secret, 'Sightline account') : undefined,
      action: enrolling ? '/sign-in/enrol' : '/sign-in/code',
      csrfToken: session.csrfToken,
      errorList: errors,
    });
  };

  for (const path of ['/sign-in/code', '/sign-in/enrol'] as const) {
    app.get(path, { schema: { hide: true } }, async (request, reply) => codePage(request, reply));
    app.post(path, { schema: { body: CodeBody, hide: true } }, async (request, reply) => {
      const session = request.session;
      if (session === null || session.stage === 'active') return reply.redirect('/sign-in', 303);
      const code = request.body.code.replace(/\s+/g, '');
      if (code === '') {
        return codePage(request, reply.status(400), [
          { href: '#code', text: 'Enter the 6-digit security code' },
        ]);
      }
      const outcome = await completeMfa(signInDeps, session, code);
      if (outcome.kind === 'failed') {
        if (outcome.sessionEnded) {
          clearSessionCookie(reply, secure);
          return reply.redirect('/sign-in', 303);
        }
        return codePage(request, reply.status(401), [
          { href: '#code', text: 'Enter the current 6-digit code from your authenticator app' },
        ]);
      }
      setSessionCookie(reply, secure, outcome.sessionId);
      return reply.redirect('/people', 303);
    });
  }

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.session !== null) await signOut(signInDeps, request.session);
    clearSessionCookie(reply, secure);
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.actor !== null) return reply.redirect('/people', 303);
    return reply.page('access/views/signed-out.njk', { pageTitle: 'You have signed out' });
  });
}
