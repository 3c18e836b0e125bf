export { EVENT_TYPES, isEventType, type EventType } from './event-types.ts';
export * from './language/index.ts';
export { registerConcernRoutes } from './concerns/concerns.routes.ts';
export { createConcernsService, type ConcernsService } from './concerns/concerns.service.ts';
export { CONCERN_INDICATORS, LAWFUL_BASES } from './concerns/concerns.schema.ts';
