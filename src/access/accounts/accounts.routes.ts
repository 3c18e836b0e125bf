/**
 * Administration of accounts: list, create, disable. Only administrators; anyone else gets "not found".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAppError, notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { actorOf, requireSignIn } from '../http/hooks.ts';
import { canInPartnership } from '../policy/engine.ts';
import { PASSWORD_MIN_LENGTH } from '../passwords/passwords.ts';
import { ROLES, createUser, disableUser, listUsers } from './accounts.service.ts';

const ROLE_LABEL: Record<(typeof ROLES)[number], string> = {
  practitioner: 'Practitioner',
  coordinator: 'Coordinator (MASH or CSE)',
  police_analyst: 'Police analyst',
  partnership_analyst: 'Partnership analyst',
  administrator: 'Administrator',
  auditor: 'Auditor',
};

const NewUserBody = z.object({
  email: z.string().max(320).default(''),
  displayName: z.string().max(300).default(''),
  agencyCode: z.string().max(100).default(''),
  roles: z.union([z.string(), z.array(z.string())]).optional(),
  password: z.string().max(1024).default(''),
  dataProtectionLead: z.string().optional(),
  _csrf: z.string().optional(),
});

function requireAdmin(request: FastifyRequest) {
  const actor = actorOf(request);
  if (!canInPartnership(actor, 'user.manage')) throw notFound('page');
  return actor;
}

export function registerAccountRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  const agencies = (partnershipId: string) =>
    db
      .selectFrom('agency')
      .select(['code', 'name'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('name')
      .execute();

  app.get('/admin/users', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const actor = requireAdmin(request);
    const users = await listUsers(db, actor.partnershipId);
    return reply.page('access/views/users.njk', { pageTitle: 'Users', users, roleLabel: ROLE_LABEL });
  });

  const newUserPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    partnershipId: string,
    values: Record<string, unknown>,
    errors: { href: string; text: string }[],
  ) =>
    reply.page('access/views/user-new.njk', {
      pageTitle: 'Add a user',
      agencies: await agencies(partnershipId),
      roles: ROLES.map((r) => ({ value: r, text: ROLE_LABEL[r] })),
      values,
      errorList: errors,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
      minLength: PASSWORD_MIN_LENGTH,
    });

  app.get(
    '/admin/users/new',
    { schema: { hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireAdmin(request);
      return newUserPage(request, reply, actor.partnershipId, { roles: [] }, []);
    },
  );

  app.post(
    '/admin/users',
    { schema: { body: NewUserBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireAdmin(request);
      const body = request.body;
      const roles = body.roles === undefined ? [] : Array.isArray(body.roles) ? body.roles : [body.roles];
      const input = {
        email: body.email.trim(),
        displayName: body.displayName,
        agencyCode: body.agencyCode,
        roles: roles as (typeof ROLES)[number][],
        password: body.password,
        dataProtectionLead: body.dataProtectionLead === 'yes',
      };
      try {
        await createUser(db, deps.clock, actor.partnershipId, input, { createdBy: actor.userId });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation') throw error;
        const errors = error.issues.map((i) => ({
          href: `#${String(i.path[0] ?? 'email')}`,
          text: i.message,
        }));
        return newUserPage(
          request,
          reply.status(400),
          actor.partnershipId,
          { ...input, password: '' },
          errors,
        );
      }
      return reply.redirect('/admin/users', 303);
    },
  );

  app.post(
    '/admin/users/:id/disable',
    { schema: { params: z.object({ id: z.uuid() }), hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireAdmin(request);
      await disableUser(db, deps.clock, actor.partnershipId, request.params.id);
      return reply.redirect('/admin/users', 303);
    },
  );
}
