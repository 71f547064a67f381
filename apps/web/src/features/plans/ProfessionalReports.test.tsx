import { fakeApi } from '../../../test/fake-api';
import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderPage } from '../../../test/render-page';
import { ProfessionalReportsPage } from './ProfessionalReports';

const SCHOOL = '00000000-0000-4000-8000-000000000001';
const PUPIL = '00000000-0000-4000-8000-000000000002';

describe('professional reports', () => {
  let stored: object[] = [];
  beforeEach(() => {
    stored = [];
    fakeApi.reset((method, _path, body) => {
      if (method === 'POST') stored.push({ ...(body as object), id: `r${stored.length + 1}`, cycleId: null });
      return method === 'POST' ? [201, stored.at(-1)] : [200, stored];
    });
  });

  it('records a report, sending an empty optional field as null, and lists it', async () => {
    renderPage(<ProfessionalReportsPage params={{ schoolId: SCHOOL, pupilId: PUPIL }} />);
    expect(await screen.findByText('No professional report has been recorded for this pupil.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Profession'), { target: { value: 'speech_and_language_therapist' } });
    fireEvent.change(screen.getByLabelText('Name of the professional'), { target: { value: 'Dr Rao' } });
    fireEvent.change(screen.getByLabelText('Date of the report'), { target: { value: '2026-10-01' } });
    fireEvent.change(screen.getByLabelText('What it found'), { target: { value: 'Expressive language below age.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the report' }));
    expect(await screen.findByRole('heading', { name: 'Speech and language therapist: Dr Rao' })).toBeTruthy();
    expect(fakeApi.requests.find((r) => r.method === 'POST')?.body).toEqual({
      profession: 'speech_and_language_therapist',
      professionalName: 'Dr Rao',
      organisation: null,
      reportDate: '2026-10-01',
      summary: 'Expressive language below age.',
      recommendations: null,
    });
  });
});
