// Public surface of the cases module: cases on children, places and peer groups; MACE and strategy
// meetings with restricted minutes, decisions and actions (with escalation); support plans.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/http/app.ts';
import { registerCaseRoutes } from './cases.routes.ts';
import { registerMeetingRoutes } from './meetings.routes.ts';
import { registerSupportRoutes } from './support.routes.ts';

export { createCasesService, childrenAtPlace, type CaseView, type CaseListRow } from './cases.service.ts';
export { createMeetingsService, type MeetingView } from './meetings.service.ts';
export {
  createActionsService,
  escalateOverdue,
  escalateOverdueForPartnership,
  overdueActions,
  type ActionRow,
  type EscalationResult,
} from './actions.service.ts';
export { createSupportService, addMonths, type SupportPlanView } from './support.service.ts';
export { withCaseTables, type CaseTables, type CasesDb } from './cases.tables.ts';

/**
 * Registers the case, meeting, action and support plan pages and API.
 *
 * @example
 * export const ROUTE_MODULES = [registerAccessHooks, ..., registerCasesRoutes];
 */
export function registerCasesRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerCaseRoutes(app, deps);
  registerMeetingRoutes(app, deps);
  registerSupportRoutes(app, deps);
}
