/**
 * The request context (STYLE.md §6): request id, actor, agency, role and purpose, carried through every
 * await by AsyncLocalStorage so that audit events written deep in a service know who asked and why.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../policy/types.ts';

export interface RequestContext {
  requestId: string;
  /** The signed-in actor, once the session is resolved; undefined for anonymous requests. */
  actor: Actor | undefined;
  /** Why the data is being consulted (the role's default purpose, or a break-glass reason). */
  purpose: string;
  /** Where the request came from, e.g. 'web', 'api', 'cli'. */
  channel: 'web' | 'api' | 'cli' | 'system';
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `work` inside a request context.
 *
 * @example
 * await runWithContext({ requestId: 'cli', actor: undefined, purpose: 'administration', channel: 'cli' }, () => work());
 */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request context, or undefined outside one. @example currentContext()?.requestId */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * The current request context; throws when there is none, because audited work must know its caller.
 *
 * @example
 * const { requestId } = requireContext();
 */
export function requireContext(): RequestContext {
  const context = storage.getStore();
  if (context === undefined) throw new Error('Audited work ran outside a request context');
  return context;
}
