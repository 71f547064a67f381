import { QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';
import { ProblemError, queryApi } from './client';

/**
 * Server state for the pages: TanStack Query over the same typed client (`$api.useQuery('get', '/v1/…', …)`),
 * so reads are cached per URL and parameters, refetched when the window regains focus, and a mutation
 * invalidates what it changed (`queryClient.invalidateQueries`). Errors keep the API's problem+json as a
 * ProblemError, which the GOV.UK error summary shows field by field.
 */
export const $api = createQueryHooks(queryApi);

/**
 * For a query that seeds a form: loaded afresh on each visit (dropped from the cache once the page is left) and
 * never refetched under the user's edits, so the form starts from the record as loaded and saves what it shows.
 */
export const SEEDS_A_FORM = { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false } as const;

/**
 * For a page whose cached copy would mislead on the next visit, because others change it all the time (the
 * register, a pupil's page, the red flags, the head's figures, the report): dropped from the cache once the page
 * is left, so each visit shows "Loading…" and then the record as it is now, never an old copy first (a red flag
 * fixed on another page must not flash back). Within the page, invalidating it refetches as usual.
 */
export const FRESH_EACH_VISIT = { gcTime: 0 } as const;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again (a 403 stays a 403); retry only what may be passing.
      retry: (failures, error) => failures < 2 && !(error instanceof ProblemError && error.status < 500),
      // Every visit to a page asks again (what others, the worker or another page changed shows at once), while
      // the cached copy, if any, shows meanwhile. A form's query opts out with SEEDS_A_FORM.
      staleTime: 0,
    },
  },
});
