// Public surface of the identity module: identity review (the queue of pairs the identity resolver
// queued, decisions, reversible merges) and the matcher behind search-before-create.
export { registerIdentityRoutes } from './identity.routes.ts';
export { createIdentityService, type IdentityService } from './identity.service.ts';
export { mergePeople, unmergePeople, rootsOf } from './merge-people.ts';
export {
  createPersonMatcher,
  type MatchDetails,
  type PersonMatcher,
  type PossibleMatches,
} from './possible-matches.ts';
export { survivorFor, survivorOrRethrow } from './survivor.ts';
