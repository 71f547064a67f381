import { annualDueOn, isUnderFive, needsPreparingForAdulthood, nextReviewDueOn, reviewDue, transferDeadline, transferFor } from './due-dates.js';
import { deadlinesOf, stageOf } from './deadlines.js';
import { addMonths } from '#libs/core';

describe('annual review due dates', () => {
  it('is due within 12 months of the plan or the last review: the day before the anniversary', () => {
    expect(annualDueOn('2026-03-10')).toBe('2027-03-09');
    expect(annualDueOn('2028-02-29')).toBe('2029-02-27');
  });

  it('adds calendar months, falling back to the last day of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('for a child under five on the day of the plan or review, is due within 6 months (Code 9.178)', () => {
    expect(isUnderFive('2022-05-01', '2027-04-30')).toBe(true);
    expect(isUnderFive('2022-05-01', '2027-05-01')).toBe(false);
    expect(nextReviewDueOn('2026-01-10', '2022-05-01')).toBe('2026-07-09');
    expect(nextReviewDueOn('2027-06-10', '2022-05-01')).toBe('2028-06-09');
  });
});

describe('phase transfers (SEND Regulations 2014 reg. 18)', () => {
  it('a Year 6 pupil in a primary school: 15 February of the calendar year of transfer', () => {
    expect(transferDeadline('6', '2026-10-01', transferFor('primary', null))).toBe('2027-02-15');
    expect(transferDeadline('6', '2027-01-20', transferFor('primary', null))).toBe('2027-02-15');
    expect(transferDeadline('5', '2026-10-01', transferFor('primary', null))).toBe('2028-02-15');
  });

  it('a Year 11 pupil in a secondary school moving to post-16: 31 March', () => {
    expect(transferDeadline('11', '2026-09-05', transferFor('secondary', null))).toBe('2027-03-31');
  });

  it('an infant school set per pupil (Year 2), a middle school assumed Year 8, a nursery at Nursery 2', () => {
    expect(transferDeadline('2', '2026-09-05', transferFor('primary', '2'))).toBe('2027-02-15');
    expect(transferDeadline('8', '2026-09-05', transferFor('middle', null))).toBe('2027-02-15');
    expect(transferDeadline('N2', '2026-09-05', transferFor('nursery', null))).toBe('2027-02-15');
  });

  it('no transfer: all-through and special schools by default, a pupil set to none, a pupil past the transfer year', () => {
    expect(transferFor('all-through', null)).toBeNull();
    expect(transferFor('special', null)).toBeNull();
    expect(transferFor('secondary', 'none')).toBeNull();
    expect(transferDeadline('7', '2026-09-05', transferFor('primary', null))).toBeNull();
  });

  it('brings the review forward when the transfer deadline comes before the 12-month date', () => {
    const due = reviewDue({ from: '2026-06-01', dateOfBirth: '2015-12-01', yearGroup: '6', today: '2026-09-10', phase: 'primary', setting: null });
    expect(due).toEqual({ dueOn: '2027-05-31', transferDeadline: '2027-02-15', holdBy: '2027-02-15' });
    const later = reviewDue({ from: '2026-01-10', dateOfBirth: '2015-12-01', yearGroup: '6', today: '2026-09-10', phase: 'primary', setting: null });
    expect(later).toEqual({ dueOn: '2027-01-09', transferDeadline: null, holdBy: '2027-01-09' });
  });

  it('asks for preparing for adulthood from Year 9 (Code 8.9, 9.179)', () => {
    expect(needsPreparingForAdulthood('8')).toBe(false);
    expect(needsPreparingForAdulthood('9')).toBe(true);
    expect(needsPreparingForAdulthood('13')).toBe(true);
  });
});

describe('review deadlines', () => {
  const base = {
    holdBy: '2027-03-09',
    transferDeadline: null,
    meetingOn: null,
    heldOn: null,
    invited: false,
    adviceCirculatedOn: null,
    reportSentOn: null,
    decisionOn: null,
  };

  it('dates the invitations and circulated advice two weeks before the meeting, the report two and the decision four weeks after', () => {
    expect(deadlinesOf({ ...base, meetingOn: '2027-02-20' }).map((d) => [d.kind, d.date])).toEqual([
      ['meeting_due', '2027-03-09'],
      ['invitations_due', '2027-02-06'],
      ['advice_circulation', '2027-02-06'],
    ]);
    expect(deadlinesOf({ ...base, meetingOn: '2027-02-20', heldOn: '2027-02-20' }).map((d) => [d.kind, d.date, d.done])).toEqual([
      ['meeting_due', '2027-03-09', true],
      ['report_due', '2027-03-06', false],
      ['decision_overdue', '2027-03-20', false],
    ]);
  });

  it('reminds in the week before a deadline and calls it missed the day after', () => {
    const report = { kind: 'report_due' as const, date: '2027-03-06', done: false };
    expect(stageOf(report, '2027-02-26')).toBeNull();
    expect(stageOf(report, '2027-02-27')).toBe('due');
    expect(stageOf(report, '2027-03-06')).toBe('due');
    expect(stageOf(report, '2027-03-07')).toBe('missed');
    expect(stageOf({ ...report, done: true }, '2027-03-07')).toBeNull();
  });
});
