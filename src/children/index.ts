// Public surface of the children module: the child record (page, API, service).
export { registerChildrenRoutes } from './children.routes.ts';
export { createChildrenService, type ChildRecord, type ChildrenService } from './children.service.ts';
export { SIGNIFICANT_EVENT_TYPES, REDACTION_RULES, buildChronology } from './chronology.ts';
