import { fakeApi } from '../../../test/fake-api';
import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderPage } from '../../../test/render-page';
import { SchoolCalendarPage } from './SchoolCalendar';

const SCHOOL = '00000000-0000-4000-8000-000000000001';
const STORED = {
  academicYear: 2026,
  sessionsChanged: 0,
  terms: [{ name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-18' }],
  closures: [{ kind: 'half_term', name: 'October half term', startsOn: '2026-10-26', endsOn: '2026-10-30' }],
};

describe('the school year', () => {
  beforeEach(() =>
    fakeApi.reset((method, path, body) => {
      if (path.includes('/calendar/') && method === 'PUT') return [200, { ...(body as object), academicYear: 2026, sessionsChanged: 3 }];
      if (path.includes('/calendar/')) return [200, STORED];
      if (path.includes('/sen-budgets/')) return [200, { academicYear: 2026, amountPence: (body as { amountPence: number }).amountPence }];
      return [404, {}];
    }),
  );

  it('saves the calendar whole: the stored term and closure with the one added, and says how many sessions moved', async () => {
    renderPage(<SchoolCalendarPage params={{ schoolId: SCHOOL }} />);
    expect(await screen.findByDisplayValue('October half term')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a closure' }));
    fireEvent.change(screen.getAllByLabelText('First day closed')[1], { target: { value: '2026-11-02' } });
    fireEvent.change(screen.getAllByLabelText('Last day closed')[1], { target: { value: '2026-11-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the calendar' }));
    expect((await screen.findByText(/planned sessions changed/)).textContent).toBe('Saved. 3 planned sessions changed to follow the calendar.');
    const put = fakeApi.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({
      terms: STORED.terms,
      closures: [...STORED.closures, { kind: 'inset', name: null, startsOn: '2026-11-02', endsOn: '2026-11-02' }],
    });
  });

  it('refuses a budget that is not a number by its label, and sends pounds as pence', async () => {
    renderPage(<SchoolCalendarPage params={{ schoolId: SCHOOL }} />);
    const budget = await screen.findByLabelText(/^Budget in pounds/);
    fireEvent.change(budget, { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the budget' }));
    expect((await screen.findByText(/Enter the budget in pounds/)).textContent).toContain('for example 42000');
    fireEvent.change(budget, { target: { value: '£42,000.50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the budget' }));
    expect((await screen.findByText(/^Saved: /)).textContent).toContain('£42,000.50');
    expect(fakeApi.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([{ amountPence: 4200050 }]);
  });
});
