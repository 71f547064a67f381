import { reportBody, type StoredReport } from '../../../apps/web/src/pages/report-form.js';

/**
 * The SEN Information Report editor (issue 17). The API keeps items not sent, so what a save sends, applied to
 * the stored report, must give the stored report back when nothing changed, and change only the item edited.
 */
const stored: StoredReport = {
  sections: [
    {
      fields: [
        { key: 'item1', text: 'We welcome pupils with SEN.' },
        { key: 'item2', text: '' },
      ],
    },
    { fields: [{ key: 'accessibility_plan', text: 'Ramps at both entrances.' }] },
  ],
  complaintsCount: 2,
};
/** The API's save: items sent replace the stored ones; the rest are kept. */
function applied(body: ReturnType<typeof reportBody>) {
  const texts = Object.fromEntries(stored.sections.flatMap((s) => s.fields.map((f) => [f.key, f.text])));
  return { texts: { ...texts, ...body.texts }, complaintsCount: body.complaintsCount === undefined ? stored.complaintsCount : body.complaintsCount };
}
const storedState = applied({ texts: {} });

describe('the SEN Information Report editor', () => {
  it('saved unchanged (even after typing and taking it back), it sends nothing and the stored report is the same', () => {
    expect(reportBody(stored, { texts: {} })).toEqual({ texts: {} });
    const retyped = reportBody(stored, { texts: { item1: 'We welcome pupils with SEN.' }, complaintsCount: '2' });
    expect(retyped).toEqual({ texts: {} });
    expect(applied(retyped)).toEqual(storedState);
  });

  it('one item edited: only that item is sent, every other item and the complaints count are unchanged', () => {
    const body = reportBody(stored, { texts: { item2: 'Our SENCO is Ms A Example.' } });
    expect(body).toEqual({ texts: { item2: 'Our SENCO is Ms A Example.' } });
    expect(applied(body)).toEqual({ ...storedState, texts: { ...storedState.texts, item2: 'Our SENCO is Ms A Example.' } });
  });

  it('the complaints count is sent when changed: a number, empty as "not known", anything else refused naming the field', () => {
    expect(reportBody(stored, { texts: {}, complaintsCount: '3' })).toEqual({ texts: {}, complaintsCount: 3 });
    expect(reportBody(stored, { texts: {}, complaintsCount: '' })).toEqual({ texts: {}, complaintsCount: null });
    expect(() => reportBody(stored, { texts: {}, complaintsCount: 'three' })).toThrow(/^Complaints about SEN provision this year: /);
  });
});
