import { describe, expect, it } from 'vitest';
import { ProblemError } from './client';
import { queryClient } from './query';

const retry = queryClient.getDefaultOptions().queries?.retry;
const retries = (failures: number, error: Error) => (typeof retry === 'function' ? retry(failures, error) : retry);

describe('the query client', () => {
  it('does not ask again after a 4xx (a 403 stays a 403), but retries a failure that may pass', () => {
    expect(retries(0, new ProblemError(403, { title: 'Forbidden' }))).toBe(false);
    expect(retries(0, new ProblemError(404, {}))).toBe(false);
    expect(retries(0, new ProblemError(503, {}))).toBe(true);
    expect(retries(0, new Error('Failed to fetch'))).toBe(true);
    expect(retries(2, new Error('Failed to fetch'))).toBe(false);
  });
});
