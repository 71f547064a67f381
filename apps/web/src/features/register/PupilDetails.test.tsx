import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PupilDetailsPage } from './PupilDetails';

const SCHOOL = '00000000-0000-4000-8000-000000000001';
const PUPIL = '00000000-0000-4000-8000-000000000002';
const STORED = {
  id: PUPIL,
  upn: 'B801200005001',
  legalFirstName: 'Amelia',
  legalLastName: 'Hart',
  preferredFirstName: 'Milly',
  preferredLastName: null,
  dateOfBirth: '2017-03-14',
  yearGroup: '3',
  className: '3B',
  gender: 'F',
  fsmEligible: true,
  eal: false,
  lookedAfter: false,
  admissionDate: '2021-09-01',
  leavingDate: null,
  passport: 'Sits near the front; give instructions one at a time.',
  email: null,
  currentStatus: null,
};

/**
 * A stand-in for the API's pupil record: GET answers the stored record, PATCH applies the body over it as the
 * API's partial update does. The typed client takes `fetch` when it is created, so it is replaced before the
 * page's modules load.
 */
const server = vi.hoisted(() => {
  const state = { record: {} as Record<string, unknown>, patches: [] as Record<string, unknown>[], refuse: null as object | null };
  const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    if (!new URL(request.url).pathname.startsWith('/v1/schools/')) return json(404, {});
    if (request.method === 'PATCH') {
      const body = (await request.json()) as Record<string, unknown>;
      state.patches.push(body);
      if (state.refuse) return json(400, state.refuse, 'application/problem+json');
      state.record = { ...state.record, ...body };
    }
    return json(200, state.record);
  };
  return state;
});

function renderEditor() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PupilDetailsPage params={{ schoolId: SCHOOL, pupilId: PUPIL }} />
    </QueryClientProvider>,
  );
}

describe('the pupil details editor', () => {
  beforeEach(() => {
    server.record = { ...STORED };
    server.patches = [];
    server.refuse = null;
  });

  it('loads the stored record into the form', async () => {
    renderEditor();
    expect((await screen.findByLabelText<HTMLInputElement>('Legal first name')).value).toBe('Amelia');
    expect(screen.getByLabelText<HTMLInputElement>('Preferred first name').value).toBe('Milly');
    expect(screen.getByLabelText<HTMLSelectElement>('Year group').value).toBe('3');
    expect(screen.getByLabelText<HTMLInputElement>('Eligible for free school meals').checked).toBe(true);
  });

  it('saves only what changed, so the passport it does not show (and every untouched field) survives', async () => {
    renderEditor();
    fireEvent.change(await screen.findByLabelText('Class'), { target: { value: '4C' } });
    fireEvent.click(screen.getByLabelText('English as an additional language'));
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(server.patches).toEqual([{ className: '4C', eal: true }]);
    expect(server.record).toEqual({ ...STORED, className: '4C', eal: true });
  });

  it('sends an emptied optional field as null, and refuses an emptied required one naming it, sending nothing', async () => {
    renderEditor();
    fireEvent.change(await screen.findByLabelText('Legal last name'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByText(/Enter the legal last name/)).textContent).toContain('Enter the legal last name');
    expect(server.patches).toEqual([]);
    fireEvent.change(screen.getByLabelText('Legal last name'), { target: { value: 'Hart' } });
    fireEvent.change(screen.getByLabelText('Preferred first name'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(server.patches).toEqual([{ preferredFirstName: null }]);
    expect(server.record.passport).toBe(STORED.passport);
  });

  it("shows the API's refusal beside the field it names and in the error summary", async () => {
    server.refuse = { status: 400, detail: 'The request has invalid fields', errors: [{ field: 'upn', message: 'upn must be 13 characters' }] };
    renderEditor();
    fireEvent.change(await screen.findByLabelText(/^UPN/), { target: { value: 'B80' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByRole('alert')).textContent).toContain('upn: upn must be 13 characters');
    expect(screen.getByLabelText(/^UPN/).getAttribute('aria-describedby')).toMatch(/error/);
    expect(server.record.upn).toBe(STORED.upn);
  });
});
