export { EVENT_TYPES, isEventType, type EventType } from './event-types.ts';
export * from './language/index.ts';
