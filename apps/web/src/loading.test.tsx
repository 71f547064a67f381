import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProblemError } from './api/client';
import { Loading } from './ui';

const page = (names: string[]) => <p>{names.join(', ')}</p>;

describe('Loading (a TanStack Query result)', () => {
  it('says it is loading until the data comes', () => {
    render(<Loading state={{ data: undefined, error: null }}>{page}</Loading>);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows the page once the data has come', () => {
    render(<Loading state={{ data: ['Ada', 'Ben'], error: null }}>{page}</Loading>);
    expect(screen.getByText('Ada, Ben')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it("shows a failed load in the error summary, with the API's field errors", () => {
    const error = new ProblemError(403, { detail: 'You cannot see this school', errors: [{ field: 'schoolId', message: 'not yours' }] });
    render(<Loading state={{ data: undefined, error }}>{page}</Loading>);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('You cannot see this school');
    expect(alert.textContent).toContain('schoolId: not yours');
  });

  it('keeps loading rather than show a failure that is not an Error', () => {
    render(<Loading state={{ data: undefined, error: 'not an Error' }}>{page}</Loading>);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });
});
