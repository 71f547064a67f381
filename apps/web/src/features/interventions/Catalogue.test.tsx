import { fakeApi } from '../../../test/fake-api';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderPage } from '../../../test/render-page';
import { CataloguePage } from './Catalogue';

const SCHOOL = '00000000-0000-4000-8000-000000000001';
const STORED = {
  id: '00000000-0000-4000-8000-000000000010',
  name: 'Catch Up Literacy',
  areaOfNeed: 'cognition_and_learning',
  description: 'One-to-one reading, 15 minutes.',
  evidenceNotes: 'EEF: moderate impact.',
  frequencyCount: 2,
  frequencyPeriod: 'week',
  sessionMinutes: 15,
  groupSize: 1,
  deliveringRole: 'teaching_assistant',
  staffCostPerHourPence: 1450,
  resourceCostPence: 12000,
  suggestedMeasure: 'Reading age (months)',
  active: true,
};

/** The stored catalogue: GET answers it, PATCH applies the body over the row as the API does, POST adds one. */
let rows: Record<string, unknown>[] = [];
const sent = (method: string) => fakeApi.requests.filter((r) => r.method === method).map((r) => r.body);

describe('the intervention catalogue', () => {
  beforeEach(() => {
    rows = [{ ...STORED }];
    fakeApi.reset((method, path, body) => {
      if (method === 'PATCH') {
        rows = rows.map((r) => (path.endsWith(String(r.id)) ? { ...r, ...(body as object) } : r));
        return [200, rows[0]];
      }
      if (method === 'POST' && body && typeof body === 'object' && 'name' in body && body.name === 'Taken') {
        return [400, { title: 'Bad request', status: 400, errors: [{ field: 'name', message: 'name is already in the catalogue' }] }];
      }
      if (method === 'POST') {
        const row = { ...(body as object), id: '00000000-0000-4000-8000-000000000011', active: true };
        rows = [...rows, row];
        return [201, row];
      }
      return [200, rows];
    });
  });

  it('edits a programme sending only the fields changed, so every other stored field survives', async () => {
    renderPage(<CataloguePage params={{ schoolId: SCHOOL }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Catch Up Literacy' }));
    const form = within(screen.getByRole('region', { name: 'Edit Catch Up Literacy' }));
    expect(form.getByLabelText<HTMLInputElement>('Staff cost an hour, in pounds (optional)').value).toBe('14.50');
    fireEvent.change(form.getByLabelText('Minutes a session'), { target: { value: '20' } });
    fireEvent.change(form.getByLabelText('Resource cost a group, in pounds (optional)'), { target: { value: '£150' } });
    fireEvent.click(form.getByRole('button', { name: 'Save the programme' }));
    await screen.findByText('20 min', { exact: false });
    expect(sent('PATCH')).toEqual([{ sessionMinutes: 20, resourceCostPence: 15000 }]);
    expect(rows[0]).toEqual({ ...STORED, sessionMinutes: 20, resourceCostPence: 15000 });
  });

  it('refuses a cost that is not an amount, naming the field, and sends nothing; the API’s refusal shows beside its field', async () => {
    renderPage(<CataloguePage params={{ schoolId: SCHOOL }} />);
    const add = within(await screen.findByRole('region', { name: 'Add a programme' }));
    fireEvent.change(add.getByLabelText('Programme name'), { target: { value: 'Taken' } });
    fireEvent.change(add.getByLabelText('Staff cost an hour, in pounds (optional)'), { target: { value: 'twelve' } });
    fireEvent.click(add.getByRole('button', { name: 'Add the programme' }));
    expect(await add.findByText(/Staff cost an hour must be an amount in pounds/)).toBeTruthy();
    expect(sent('POST')).toEqual([]);
    fireEvent.change(add.getByLabelText('Staff cost an hour, in pounds (optional)'), { target: { value: '12' } });
    fireEvent.click(add.getByRole('button', { name: 'Add the programme' }));
    expect((await add.findAllByText(/name is already in the catalogue/)).length).toBeGreaterThan(0);
    expect(sent('POST')).toEqual([expect.objectContaining({ name: 'Taken', staffCostPerHourPence: 1200, areaOfNeed: null })]);
    expect(rows).toHaveLength(1);
  });

  it('saved unchanged, sends nothing', async () => {
    renderPage(<CataloguePage params={{ schoolId: SCHOOL }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Catch Up Literacy' }));
    fireEvent.click(within(screen.getByRole('region', { name: 'Edit Catch Up Literacy' })).getByRole('button', { name: 'Save the programme' }));
    await screen.findByRole('button', { name: 'Edit Catch Up Literacy' });
    expect(screen.queryByRole('region', { name: 'Edit Catch Up Literacy' })).toBeNull();
    expect(sent('PATCH')).toEqual([]);
  });

  it('stops offering a programme with one change, leaving the rest as stored', async () => {
    renderPage(<CataloguePage params={{ schoolId: SCHOOL }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Stop offering Catch Up Literacy' }));
    expect(await screen.findByText('No longer offered')).toBeTruthy();
    expect(sent('PATCH')).toEqual([{ active: false }]);
    expect(rows[0]).toEqual({ ...STORED, active: false });
  });
});
