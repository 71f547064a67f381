import {
  contentFrom,
  emptyAttendee,
  emptyProvision,
  emptyTarget,
  formFrom,
  withSavedIds,
  type StoredPlan,
} from '../../../apps/web/src/pages/plans/plan-form.js';
import { fullPlan } from '../../helpers/plans.js';

/**
 * The plan editor's form <-> draft mapping (issue 17): the draft is saved whole, so whatever the form does not
 * carry is erased by the next autosave. The stored plan here has every part filled in.
 */
const stored: StoredPlan = (() => {
  const p = fullPlan('2026-09-07');
  return {
    ...p,
    changeSummary: 'A fourth weekly session',
    targets: p.targets.map((t, i) => ({ id: `t${i}`, carriedFromId: i === 0 ? 'prev-target' : null, ...t })),
    provisions: p.provisions.map((x, i) => ({ id: `p${i}`, interventionId: i === 0 ? 'intervention-1' : null, ...x })),
  };
})();
/** What the API is sent for the stored plan: the same fields, lines naming their stored rows. */
const asSent = { ...stored };

describe('the plan editor form', () => {
  it('saving unchanged sends exactly what is stored: both needs, attainment, home support, every provision field, all three attendees', () => {
    expect(contentFrom(formFrom(stored))).toEqual(asSent);
  });

  it('typing into Strengths changes only the strengths', () => {
    const form = formFrom(stored);
    expect(contentFrom({ ...form, strengths: 'Loves drawing. Kind' })).toEqual({ ...asSent, strengths: 'Loves drawing. Kind' });
  });

  it('a class teacher at the meeting stays a class teacher, and each attendee can be removed or added', () => {
    const form = formFrom(stored);
    const roles = (f: typeof form) => contentFrom(f).involvement!.attendees.map((a) => `${a.name}: ${a.role}`);
    expect(roles(form)).toEqual(['Parent A: parent', 'Mr C Teacher: class_teacher', 'Ms S Enco: senco']);
    expect(roles({ ...form, attendees: form.attendees.filter((a) => a.role !== 'senco') })).toEqual(['Parent A: parent', 'Mr C Teacher: class_teacher']);
    expect(roles({ ...form, attendees: [...form.attendees, { ...emptyAttendee(), name: 'Pupil B', role: 'pupil' }] })).toHaveLength(4);
  });

  it('empty fields are sent as "not given"; a blank new line is not sent, a half-typed one is (so the API names what is missing)', () => {
    const form = formFrom(stored);
    const c = contentFrom({
      ...form,
      attainment: '  ',
      targets: [...form.targets, emptyTarget(), { ...emptyTarget(), measure: 'Timed read' }],
      provisions: [...form.provisions, emptyProvision()],
    });
    expect(c.attainment).toBeNull();
    expect(c.targets).toHaveLength(3);
    expect(c.targets[2]).toMatchObject({ description: '', measure: 'Timed read' });
    expect(c.targets[2]).not.toHaveProperty('id');
    expect(c.provisions).toHaveLength(stored.provisions.length);
  });

  it('a number that is not one is sent as typed, not dropped', () => {
    const form = formFrom(stored);
    const c = contentFrom({ ...form, provisions: form.provisions.map((x, i) => (i === 0 ? { ...x, groupSize: 'four' } : x)) });
    expect(c.provisions[0]!.groupSize).toBe('four');
    expect(c.provisions[1]!.groupSize).toBe(1);
  });

  it('involvement begun without a meeting date is still sent, so the missing date is reported rather than the rest lost', () => {
    const form = { ...formFrom({ ...stored, involvement: null }), attendees: [{ ...emptyAttendee(), name: 'Parent A', role: 'parent' }] };
    expect(contentFrom(form).involvement).toEqual({ meetingDate: '', attendees: [{ name: 'Parent A', role: 'parent' }], parentComments: '' });
    expect(contentFrom(formFrom({ ...stored, involvement: null })).involvement).toBeNull();
  });

  it('after a save, new lines take the ids they were saved as; lines added meanwhile are left alone', () => {
    const form = formFrom(stored);
    const added = { ...emptyTarget(), description: 'New target' };
    const later = { ...emptyTarget(), description: 'Typed while saving' };
    const next = withSavedIds(
      { ...form, targets: [...form.targets, added, later] },
      { targets: ['t0', 't1', added.key], provisions: ['p0', 'p1'] },
      {
        targets: [{ id: 't0' }, { id: 't1' }, { id: 'new-row' }] as StoredPlan['targets'],
        provisions: [{ id: 'p0' }, { id: 'p1' }] as StoredPlan['provisions'],
      },
    );
    expect(next.targets.map((t) => t.id)).toEqual(['t0', 't1', 'new-row', undefined]);
    expect(contentFrom(next).targets[2]).toMatchObject({ id: 'new-row', description: 'New target' });
  });
});
