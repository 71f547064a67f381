import { fakeApi } from '../../../test/fake-api';
import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderPage } from '../../../test/render-page';
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

/** The stored record: GET answers it, PATCH applies the body over it as the API's partial update does. */
let record: Record<string, unknown> = {};
let refuse: object | null = null;
const patches = () => fakeApi.requests.filter((r) => r.method === 'PATCH').map((r) => r.body);

const renderEditor = () => renderPage(<PupilDetailsPage params={{ schoolId: SCHOOL, pupilId: PUPIL }} />);

describe('the pupil details editor', () => {
  beforeEach(() => {
    record = { ...STORED };
    refuse = null;
    fakeApi.reset((method, _path, body) => {
      if (method === 'PATCH' && refuse) return [400, refuse];
      if (method === 'PATCH') record = { ...record, ...(body as object) };
      return [200, record];
    });
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
    expect(patches()).toEqual([{ className: '4C', eal: true }]);
    expect(record).toEqual({ ...STORED, className: '4C', eal: true });
  });

  it('sends an emptied optional field as null, and refuses an emptied required one naming it, sending nothing', async () => {
    renderEditor();
    fireEvent.change(await screen.findByLabelText('Legal last name'), { target: { value: ' ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByText(/Enter the legal last name/)).textContent).toContain('Enter the legal last name');
    expect(patches()).toEqual([]);
    fireEvent.change(screen.getByLabelText('Legal last name'), { target: { value: 'Hart' } });
    fireEvent.change(screen.getByLabelText('Preferred first name'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(patches()).toEqual([{ preferredFirstName: null }]);
    expect(record.passport).toBe(STORED.passport);
  });

  it("shows the API's refusal beside the field it names and in the error summary", async () => {
    refuse = { status: 400, detail: 'The request has invalid fields', errors: [{ field: 'upn', message: 'upn must be 13 characters' }] };
    renderEditor();
    fireEvent.change(await screen.findByLabelText(/^UPN/), { target: { value: 'B80' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the pupil’s details' }));
    expect((await screen.findByRole('alert')).textContent).toContain('upn: upn must be 13 characters');
    expect(screen.getByLabelText(/^UPN/).getAttribute('aria-describedby')).toMatch(/error/);
    expect(record.upn).toBe(STORED.upn);
  });
});
