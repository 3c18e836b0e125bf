// Public surface of the intelligence module. grading/ is pure.
export * from './grading/grading.ts';
export * from './grading/sanitise.ts';
export {
  withIntelligenceTables,
  newIntelligenceSchema,
  type IntelligenceTables,
  type NewIntelligence,
} from './intelligence.schema.ts';
export {
  createIntelligenceService,
  isPoliceAnalyst,
  type IntelligenceItemView,
  type IntelligenceService,
} from './intelligence.service.ts';
export { registerIntelligenceItemRoutes } from './intelligence.routes.ts';
