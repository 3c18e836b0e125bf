export * from './errors.ts';
export { issuesFromZod } from './messages.ts';
