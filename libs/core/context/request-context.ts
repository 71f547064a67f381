import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What is known about the current unit of work (an HTTP request or a job). Held in AsyncLocalStorage so
 * logs and the audit trail can name the request and school without threading them through every call.
 * It carries identifiers only: never names, emails or needs.
 */
export interface RequestContext {
  requestId: string;
  userId?: string;
  schoolId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Adds fields to the current context (no-op outside one). */
  assign(fields: Partial<RequestContext>): void {
    const store = storage.getStore();
    if (store) Object.assign(store, fields);
  },
};
