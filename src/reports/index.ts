// Public surface of the reports module. Disclosure control is the pure engine everything that
// leaves the partnership analyst's screen goes through.
export * from './disclosure/index.ts';
