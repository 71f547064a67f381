import { emptyAttendee } from '../../../apps/web/src/pages/plans/plan-form.js';
import { reviewBody, reviewForm } from '../../../apps/web/src/pages/plans/review-form.js';
import { fullPlan } from '../../helpers/plans.js';

/**
 * The review meeting's form (issue 17): what the SENCO records is what is sent, every attendee with their
 * role, each target's outcome, measure and comment. It used to record "SENCO" and at most one parent.
 */
const plan = fullPlan('2026-09-07');
const targets = [{ id: 'target-1' }, { id: 'target-2' }];

describe('the review meeting form', () => {
  it('starts from those who agreed the plan, roles and all, and sends them as they are', () => {
    const body = reviewBody(reviewForm('2026-11-16', plan), targets);
    expect(body.attendees).toEqual(plan.involvement.attendees);
    expect(body.heldOn).toBe('2026-11-16');
  });

  it('sends every field typed: outcomes with measure and comment, views, and an escalation date', () => {
    const form = reviewForm('2026-11-16', { involvement: null });
    const body = reviewBody(
      {
        ...form,
        attendees: [{ ...emptyAttendee(), name: 'Mr C Teacher', role: 'class_teacher' }, emptyAttendee()],
        outcomes: { 'target-1': { outcome: 'partly_achieved', measuredValue: '6 of 10', comment: 'Better in the mornings' } },
        whatWorked: 'Visual prompts',
        whatDidNotWork: 'Long sessions',
        parentViews: 'Pleased',
        pupilViews: 'I like the pictures',
        decision: 'escalate',
        ehcnaRequestedOn: '2026-11-10',
      },
      targets,
    );
    expect(body).toEqual({
      heldOn: '2026-11-16',
      attendees: [{ name: 'Mr C Teacher', role: 'class_teacher' }],
      outcomes: [
        { targetId: 'target-1', outcome: 'partly_achieved', measuredValue: '6 of 10', comment: 'Better in the mornings' },
        // Not chosen yet: sent empty, so the API names it rather than the review going through without it.
        { targetId: 'target-2', outcome: '', measuredValue: null, comment: null },
      ],
      whatWorked: 'Visual prompts',
      whatDidNotWork: 'Long sessions',
      parentViews: 'Pleased',
      pupilViews: 'I like the pictures',
      decision: 'escalate',
      ehcnaRequestedOn: '2026-11-10',
    });
  });

  it('sends no escalation date unless the decision is to escalate', () => {
    const form = { ...reviewForm('2026-11-16', plan), ehcnaRequestedOn: '2026-11-10' };
    expect(reviewBody(form, targets)).not.toHaveProperty('ehcnaRequestedOn');
  });
});
