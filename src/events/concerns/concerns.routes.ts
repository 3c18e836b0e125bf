/**
 * Raise a concern (`/concerns/new`: find the child, then the form) and see what happened next
 * (`/concerns/mine`). Works without JavaScript; GOV.UK error summary and field errors; every read and
 * write is policy-checked and audited by the service.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn, type Actor } from '../../access/index.ts';
import { isAppError, issuesFromZod, notFound, type FieldIssue } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import {
  CONCERN_INDICATORS,
  FindQuery,
  LAWFUL_BASES,
  NARRATIVE_MAX,
  RaiseBody,
  STATUS_TEXT,
  dateFromParts,
} from './concerns.schema.ts';
import { MAY_EXIST_ELSEWHERE, createConcernsService, type NewChild } from './concerns.service.ts';
import type { LanguageFinding } from '../language/index.ts';

const FIELD_ID: Record<string, string> = {
  'dob-day': 'dob-day',
  indicators: 'indicators',
  lawfulBasis: 'lawfulBasis',
};

function errorList(issues: FieldIssue[]) {
  return issues.map((i) => {
    const field = String(i.path[0] ?? 'narrative');
    return { href: `#${FIELD_ID[field] ?? field}`, text: i.message, field };
  });
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function mayRaise(actor: Actor): void {
  if (!canInPartnership(actor, 'concern.raise')) throw notFound('page');
}

/** The new child's details from the find step, or issues. */
function newChildFrom(q: {
  givenName?: string | undefined;
  familyName?: string | undefined;
  'dob-day'?: string | undefined;
  'dob-month'?: string | undefined;
  'dob-year'?: string | undefined;
}): { child?: NewChild; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const dob = dateFromParts(q['dob-day'], q['dob-month'], q['dob-year']);
  if ((q.givenName ?? '') === '') {
    issues.push({ path: ['givenName'], code: 'required', message: 'Enter the child’s first name' });
  }
  if ((q.familyName ?? '') === '') {
    issues.push({ path: ['familyName'], code: 'required', message: 'Enter the child’s last name' });
  }
  if (dob === null) {
    issues.push({
      path: ['dob-day'],
      code: 'invalid_date',
      message: 'Date of birth must be a real date, for example 27 3 2012',
    });
  }
  if (issues.length > 0) return { issues };
  return {
    child: { givenName: q.givenName!, familyName: q.familyName!, dateOfBirth: dob ?? undefined },
    issues,
  };
}

/** @example ROUTE_MODULES.push(registerConcernRoutes); */
export function registerConcernRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const concerns = createConcernsService(deps.database.db, deps.clock);

  const formPage = (
    reply: FastifyReply,
    ctx: {
      child: { id?: string | undefined; name: string; dateOfBirth: string | null };
      newChild?: NewChild | undefined;
      values: Record<string, unknown>;
      issues?: FieldIssue[];
      findings?: LanguageFinding[];
      fingerprint?: string;
    },
  ) => {
    const errors = errorList(ctx.issues ?? []);
    return reply.page('events/concerns/views/new.njk', {
      pageTitle: 'Raise a concern',
      ...ctx,
      errorList: errors.map(({ href, text }) => ({ href, text })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      indicators: CONCERN_INDICATORS,
      bases: LAWFUL_BASES,
      narrativeMax: NARRATIVE_MAX,
    });
  };

  app.get(
    '/concerns/new',
    { schema: { querystring: FindQuery, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayRaise(actor);
      const q = request.query;
      if (q.personId !== undefined) {
        const child = await concerns.child(actor, q.personId);
        const name = [child.givenName, child.familyName].filter((x) => x !== null).join(' ');
        return formPage(reply, {
          child: { id: child.id, name, dateOfBirth: child.dateOfBirth },
          values: { indicators: [] },
        });
      }
      const searched = q.givenName !== undefined || q.familyName !== undefined;
      if (!searched) {
        return reply.page('events/concerns/views/find.njk', {
          pageTitle: 'Raise a concern: find the child',
          values: {},
          errorList: [],
          fieldErrors: {},
        });
      }
      const { child, issues } = newChildFrom(q);
      if (child === undefined) {
        const errors = errorList(issues);
        return reply.status(400).page('events/concerns/views/find.njk', {
          pageTitle: 'Raise a concern: find the child',
          values: q,
          errorList: errors.map(({ href, text }) => ({ href, text })),
          fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
        });
      }
      if (q.new === '1') {
        const match = await concerns.findChild(actor, child);
        if (match.mayExistElsewhere) {
          return reply.redirect(
            `/concerns/new?${new URLSearchParams({ givenName: child.givenName, familyName: child.familyName }).toString()}`,
            303,
          );
        }
        return formPage(reply, {
          child: { name: `${child.givenName} ${child.familyName}`, dateOfBirth: child.dateOfBirth ?? null },
          newChild: child,
          values: { indicators: [] },
        });
      }
      const match = await concerns.findChild(actor, child);
      const params = new URLSearchParams({
        new: '1',
        givenName: child.givenName,
        familyName: child.familyName,
      });
      if (child.dateOfBirth !== undefined) {
        const [y, m, d] = child.dateOfBirth.split('-');
        params.set('dob-day', String(Number(d)));
        params.set('dob-month', String(Number(m)));
        params.set('dob-year', y!);
      }
      return reply.page('events/concerns/views/find.njk', {
        pageTitle: 'Raise a concern: find the child',
        values: q,
        searched: true,
        matches: match.rows,
        notice: match.mayExistElsewhere ? MAY_EXIST_ELSEWHERE : undefined,
        newChildHref: match.mayExistElsewhere ? undefined : `/concerns/new?${params.toString()}`,
        errorList: [],
        fieldErrors: {},
      });
    },
  );

  app.post(
    '/concerns',
    { schema: { body: z.record(z.string(), z.unknown()), hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = actorOf(request);
      mayRaise(actor);
      const raw = request.body;
      const parsed = RaiseBody.safeParse(raw);
      const personId = typeof raw.personId === 'string' && raw.personId !== '' ? raw.personId : undefined;
      const found = personId === undefined ? newChildFrom(raw) : { issues: [] };
      const existing = personId === undefined ? undefined : await concerns.child(actor, personId);
      const childCtx =
        existing !== undefined
          ? {
              id: existing.id,
              name: [existing.givenName, existing.familyName].filter((x) => x !== null).join(' '),
              dateOfBirth: existing.dateOfBirth,
            }
          : {
              name: `${text(raw.givenName)} ${text(raw.familyName)}`.trim(),
              dateOfBirth: found.child?.dateOfBirth ?? null,
            };
      const values = {
        ...raw,
        indicators: parsed.success ? parsed.data.indicators : ([] as unknown[]).concat(raw.indicators ?? []),
      };
      if (!parsed.success || found.issues.length > 0) {
        const issues = [...found.issues, ...(parsed.success ? [] : issuesFromZod(parsed.error))];
        return formPage(reply.status(400), { child: childCtx, newChild: found.child, values, issues });
      }
      const body = parsed.data;
      try {
        const outcome = await concerns.raise(actor, {
          personId,
          newChild: found.child,
          indicators: body.indicators,
          narrative: body.narrative,
          lawfulBasis: body.lawfulBasis,
          keptWordingFingerprint: body.keepWording === 'yes' ? body.checkedWording : undefined,
        });
        if (outcome.kind === 'language') {
          return await formPage(reply, {
            child: childCtx,
            newChild: found.child,
            values,
            findings: outcome.findings,
            fingerprint: outcome.fingerprint,
          });
        }
        return await reply.redirect(`/concerns/mine?raised=${outcome.concernId}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        return formPage(reply.status(400), {
          child: childCtx,
          newChild: found.child,
          values,
          issues: error.issues,
        });
      }
    },
  );

  app.get(
    '/concerns/mine',
    {
      schema: { querystring: z.object({ raised: z.uuid().optional() }), hide: true },
      preHandler: requireSignIn,
    },
    async (request: FastifyRequest<{ Querystring: { raised?: string } }>, reply) => {
      const actor = actorOf(request);
      mayRaise(actor);
      const rows = await concerns.mine(actor);
      return reply.page('events/concerns/views/mine.njk', {
        pageTitle: 'Concerns you raised',
        rows,
        statusText: STATUS_TEXT,
        raised: rows.find((r) => r.id === request.query.raised),
      });
    },
  );
}
