// Public surface of the access module: sessions, the policy, the access-checked data handle, audit.
export { registerAccessHooks, requireSignIn, actorOf, csrfTokenFor, formPartsOf } from './http/hooks.ts';
export { registerSignInRoutes } from './sessions/sign-in.routes.ts';
export { registerAccountRoutes } from './accounts/accounts.routes.ts';
export { registerBreakGlassRoutes } from './break-glass/break-glass.routes.ts';
export { registerAuditRoutes } from './audit/audit.routes.ts';
export { registerIntelligenceRoutes } from './data/intelligence.routes.ts';
export { withAccess, type AccessScope, type PersonView, type PersonListRow } from './data/scope.ts';
export { can, canInPartnership, describePolicy } from './policy/engine.ts';
export { checkAccess, checkPersonAccess } from './policy/check-access.ts';
export type { Actor, Action, Resource, PersonFacts } from './policy/types.ts';
export { runWithContext, currentContext, type RequestContext } from './context/request-context.ts';
export { writeAudit } from './audit/write-audit.ts';
export { verifyAuditChain, type VerifyReport } from './audit/verify.ts';
export { createUser, disableUser, listUsers, type NewUserInput } from './accounts/accounts.service.ts';
export { hashPassword, checkNewPassword, verifyPassword } from './passwords/passwords.ts';
export { currentTotp } from './mfa/totp.ts';
export type { ActorWithName } from './accounts/actor.ts';
