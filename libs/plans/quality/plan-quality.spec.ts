import type {
  CycleFacts,
  Involvement,
  ProvisionFacts,
  PupilPlanFacts,
  QualityContext,
  QualityFlag,
  ReviewFacts,
  TargetFacts,
  VersionFacts,
} from '../domain/plan.types.js';
import { FLAG_RULES, checkPupilPlan, checkVersion, isUnmeasurable, type VersionContext } from './plan-quality.js';

// A good plan by default: tests override the one thing they are about. Names appear only as attendees, so
// a message that leaks one can be caught.
const TODAY = '2025-03-10';
const ctx: QualityContext = { today: TODAY, reviewIntervalWeeks: 12, sencoReachable: true, calendar: { terms: [], closures: [] } };

const target = (id: string, overrides: Partial<TargetFacts> = {}): TargetFacts => ({
  id,
  description: 'will read 40 high-frequency words correctly',
  areaOfNeed: 'cognition_and_learning',
  measure: 'Phase 3 high-frequency word check',
  baseline: 'reads 22 of 45 words',
  successCriterion: 'reads 40 of 45 words in two checks running',
  targetDate: '2025-03-24',
  carriedFromId: null,
  ...overrides,
});

const provision = (id: string, overrides: Partial<ProvisionFacts> = {}): ProvisionFacts => ({
  id,
  description: 'Precision teaching of high-frequency words',
  interventionId: null,
  staffRole: 'class_teacher',
  deliveredBy: 'Mrs Okafor',
  frequencyCount: 3,
  frequencyPeriod: 'week',
  minutesPerSession: 10,
  groupSize: 1,
  startsOn: null,
  endsOn: null,
  ...overrides,
});

const version = (id: string, overrides: Partial<VersionFacts> = {}): VersionFacts => ({
  id,
  version: 1,
  status: 'active',
  startsOn: '2025-01-06',
  agreedOn: '2025-01-06',
  reviewDate: '2025-03-24',
  needs: [{ area: 'cognition_and_learning', description: 'Reads 22 of 45 high-frequency words; blends three-sound words only with an adult modelling' }],
  pupilViews: 'Likes reading with an adult; finds spelling tests hard.',
  homeSupport: 'Practise the word cards for ten minutes each evening.',
  involvement: {
    meetingDate: '2025-01-06',
    attendees: [
      { name: 'Ms Brown', role: 'parent' },
      { name: 'Mr Ahmed', role: 'senco' },
    ],
    parentComments: 'Happy with the targets; will practise the words at home.',
  },
  targets: [
    target(`${id}-t1`),
    target(`${id}-t2`, {
      description: 'will join a group game for 10 minutes taking turns without adult prompting',
      areaOfNeed: 'communication_and_interaction',
      measure: 'observation at lunchtime',
      baseline: 'leaves a game after 2 minutes',
      successCriterion: 'joins a game for 10 minutes on 3 of 5 days',
    }),
  ],
  provisions: [provision(`${id}-p1`)],
  ...overrides,
});

const review = (id: string, heldOn: string, overrides: Partial<ReviewFacts> = {}): ReviewFacts => ({
  id,
  heldOn,
  dueOn: heldOn,
  attendees: [
    { name: 'Ms Brown', role: 'parent' },
    { name: 'Mr Ahmed', role: 'senco' },
  ],
  parentViews: 'Pleased with the progress in reading.',
  decision: 'continue',
  outcomes: [],
  ...overrides,
});

const cycle = (number: number, overrides: Partial<CycleFacts> = {}): CycleFacts => ({
  id: `c${number}`,
  number,
  status: 'reviewed',
  openedOn: '2024-01-15',
  versions: [version(`v${number}`, { status: 'superseded' })],
  review: null,
  ...overrides,
});

/**
 * On the register since January 2024, reviewed three times in the past year; cycle 3 left its reading
 * target not achieved and cycle 4 (active) carries it forward with a changed success criterion.
 */
const goodPupil = (overrides: Partial<PupilPlanFacts> = {}): PupilPlanFacts => ({
  pupilId: 'pupil-1',
  status: 'K',
  registerSince: '2024-01-15',
  statusSince: '2024-01-15',
  noticePendingSince: null,
  reports: [],
  deliveries: [],
  cycles: [
    cycle(1, { review: review('r1', '2024-05-20') }),
    cycle(2, { review: review('r2', '2024-09-30') }),
    cycle(3, {
      review: review('r3', '2024-12-16', {
        outcomes: [
          { targetId: 'v3-t1', outcome: 'not_achieved', measuredValue: '30 of 45' },
          { targetId: 'v3-t2', outcome: 'achieved', measuredValue: 'joined a game for 10 minutes on 4 of 5 days' },
        ],
      }),
    }),
    cycle(4, {
      status: 'active',
      openedOn: '2024-12-16',
      versions: [
        version('v4', {
          targets: [
            target('v4-t1', { carriedFromId: 'v3-t1', baseline: 'reads 30 of 45 words', successCriterion: 'reads 40 of 45 words on 3 checks running' }),
            target('v4-t2', { description: 'will write a sentence with a capital letter and a full stop without a prompt' }),
          ],
        }),
      ],
    }),
  ],
  ...overrides,
});

const cycleOf = (facts: PupilPlanFacts, number: number) => facts.cycles.find((c) => c.number === number)!;
/** The cycle goodPupil leaves open (the last one), whatever it has been renumbered to. */
const current = (facts: PupilPlanFacts) => facts.cycles[facts.cycles.length - 1];
const inForce = (facts: PupilPlanFacts) => current(facts)!.versions[0];
const codes = (flags: QualityFlag[]) => flags.map((f) => f.code);
const flagged = (flags: QualityFlag[], code: string) => flags.filter((f) => f.code === code);

/** Exactly one flag with this code, on this subject. */
const expectFlag = (flags: QualityFlag[], code: keyof typeof FLAG_RULES, subject: string, subjectId: string) => {
  const found = flagged(flags, code);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ code, subject, subjectId, rule: FLAG_RULES[code].rule });
  return found[0];
};

describe('a good plan', () => {
  it('raises no flag at all', () => {
    expect(checkPupilPlan(goodPupil(), ctx)).toEqual([]);
  });

  it('is good only because of what it has: stripping it bare flags the version, its targets and provision', () => {
    // Guards the fixture: the same pupil with an empty plan must be judged, or [] above proves nothing.
    const pupil = goodPupil();
    current(pupil)!.versions = [version('v4', { targets: [], provisions: [], reviewDate: null, involvement: null })];
    expect(codes(checkPupilPlan(pupil, ctx))).toEqual(['no_targets', 'no_provision', 'no_review_date', 'no_parental_involvement']);
  });
});

describe('FLAG_RULES', () => {
  it('cites a source for every code', () => {
    for (const { rule } of Object.values(FLAG_RULES)) expect(rule).toMatch(/SEND Code of Practice \d|Parents' guidance on SEN Support: red flags/);
    expect(FLAG_RULES.too_few_reviews.rule).toContain('SEND Code of Practice 6.65');
    expect(FLAG_RULES.target_no_measure.rule).toContain('SEND Code of Practice 6.48');
    expect(FLAG_RULES.review_date_slipped.rule).toContain("Parents' guidance on SEN Support: red flags");
    expect(Object.keys(FLAG_RULES)).toHaveLength(35);
  });
});

describe('no_plan', () => {
  it('flags a pupil on SEN support with no cycle at all, saying there is no written plan', () => {
    const flags = checkPupilPlan(goodPupil({ cycles: [], registerSince: '2024-09-02' }), ctx);
    const f = expectFlag(flags, 'no_plan', 'pupil', 'pupil-1');
    expect(f!.message).toContain('no written plan');
  });

  it('flags a pupil with an EHC plan whose cycles are all reviewed', () => {
    const pupil = goodPupil({ status: 'E' });
    current(pupil)!.status = 'reviewed';
    current(pupil)!.review = review('r4', '2025-03-03');
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'no_plan', 'pupil', 'pupil-1');
    // The EHC plan is a written plan: the flag is about the school's plan for delivering it.
    expect(f!.message).toContain('has an EHC plan, but no plan in school sets out how it is delivered');
    expect(f!.message).not.toContain('no written plan');
  });

  it('says a plan is being drafted when the current cycle is only planning', () => {
    const pupil = goodPupil();
    current(pupil)!.status = 'planning';
    current(pupil)!.versions = [version('v4', { status: 'draft', agreedOn: null })];
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'no_plan', 'pupil', 'pupil-1');
    expect(f!.message).toContain('A plan is being drafted but none has been agreed and put in place');
    expect(f!.message).not.toContain('no written plan');
  });

  it('does not flag a pupil with an active cycle, nor a pupil not on the register', () => {
    expect(codes(checkPupilPlan(goodPupil(), ctx))).not.toContain('no_plan');
    for (const status of ['N', 'monitoring'] as const) {
      expect(checkPupilPlan(goodPupil({ status, cycles: [], statusSince: '2025-03-03' }), ctx)).toEqual([]);
    }
  });

  it('returns nothing for a pupil off the register with only past cycles, however poor they were', () => {
    const pupil = goodPupil({ status: 'N' });
    current(pupil)!.status = 'closed';
    current(pupil)!.versions = [version('v4', { targets: [], provisions: [] })];
    current(pupil)!.review = review('r4', '2025-03-03', { attendees: [], parentViews: null });
    expect(checkPupilPlan(pupil, ctx)).toEqual([]);
  });

  it('still checks the open plan of a pupil being monitored, without pupil-level flags', () => {
    const pupil = goodPupil({
      status: 'monitoring',
      statusSince: '2025-03-03',
      cycles: [cycle(1, { status: 'planning', versions: [version('v1', { status: 'draft', targets: [] })] })],
    });
    expect(codes(checkPupilPlan(pupil, ctx))).toEqual(['no_targets']);
  });
});

describe('too_few_reviews', () => {
  // Each plan agreed at the review before it, so the meetings counted are the reviews.
  const agreedAt = (meetingDate: string): Involvement => ({ ...version('x').involvement!, meetingDate });
  const withReviews = (registerSince: string | null, ...heldOn: string[]): PupilPlanFacts => {
    const pupil = goodPupil({ registerSince });
    const open = current(pupil);
    open!.number = heldOn.length + 1;
    open!.versions[0]!.involvement = agreedAt(heldOn.at(-1) ?? '2024-01-15');
    pupil.cycles = [
      ...heldOn.map((date, i) =>
        cycle(i + 1, {
          review: review(`r${i + 1}`, date),
          versions: [version(`v${i + 1}`, { status: 'superseded', involvement: agreedAt(i === 0 ? '2024-01-15' : heldOn[i - 1]!) })],
        }),
      ),
      open!,
    ];
    return pupil;
  };

  it('flags fewer than three reviews in the past year and says how many were held', () => {
    const f = expectFlag(checkPupilPlan(withReviews('2024-01-15', '2024-09-30', '2024-12-16'), ctx), 'too_few_reviews', 'pupil', 'pupil-1');
    expect(f!.message).toContain('Only two meetings with a parent have been held in the past year');
    expect(f!.message).toContain('three times a year');
    expect(expectFlag(checkPupilPlan(withReviews('2024-01-15', '2024-12-16'), ctx), 'too_few_reviews', 'pupil', 'pupil-1')!.message).toContain(
      'Only one meeting with a parent has been held',
    );
    expect(expectFlag(checkPupilPlan(withReviews('2024-01-15'), ctx), 'too_few_reviews', 'pupil', 'pupil-1')!.message).toContain(
      'No meetings with a parent have been held',
    );
  });

  it('does not flag three reviews in the past year', () => {
    expect(codes(checkPupilPlan(withReviews('2024-01-15', '2024-05-20', '2024-09-30', '2024-12-16'), ctx))).not.toContain('too_few_reviews');
  });

  it('does not judge a pupil on the register for less than a year, or with no start date', () => {
    expect(codes(checkPupilPlan(withReviews('2024-03-11', '2024-12-16'), ctx))).not.toContain('too_few_reviews');
    expect(codes(checkPupilPlan(withReviews(null, '2024-12-16'), ctx))).not.toContain('too_few_reviews');
  });

  it('counts a pupil on the register since exactly one year ago', () => {
    expectFlag(checkPupilPlan(withReviews('2024-03-10', '2024-12-16'), ctx), 'too_few_reviews', 'pupil', 'pupil-1');
  });

  it('counts a review held today but not one held on the same day a year ago', () => {
    const yearAgo = withReviews('2024-01-15', '2024-03-10', '2024-09-30', '2024-12-16');
    expectFlag(checkPupilPlan(yearAgo, ctx), 'too_few_reviews', 'pupil', 'pupil-1');
    const today = withReviews('2024-01-15', '2024-09-30', '2024-12-16', TODAY);
    expect(codes(checkPupilPlan(today, ctx))).not.toContain('too_few_reviews');
  });

  it('ignores reviews held after today', () => {
    const future = withReviews('2024-01-15', '2024-09-30', '2024-12-16', '2025-03-11');
    expectFlag(checkPupilPlan(future, ctx), 'too_few_reviews', 'pupil', 'pupil-1');
  });

  it('on 29 February looks back to 28 February', () => {
    const leap: QualityContext = { ...ctx, today: '2028-02-29' };
    const pupil = (since: string) => {
      const p = withReviews(since, '2027-06-01');
      current(p)!.versions[0]!.reviewDate = '2028-03-10';
      return p;
    };
    expectFlag(checkPupilPlan(pupil('2027-02-28'), leap), 'too_few_reviews', 'pupil', 'pupil-1');
    expect(codes(checkPupilPlan(pupil('2027-03-01'), leap))).not.toContain('too_few_reviews');
    // A review on 28 February 2027 is exactly a year back, so it is outside the year.
    const edge = withReviews('2026-01-01', '2027-02-28', '2027-06-01', '2027-10-01');
    current(edge)!.versions[0]!.reviewDate = '2028-03-10';
    expectFlag(checkPupilPlan(edge, leap), 'too_few_reviews', 'pupil', 'pupil-1');
    const inside = withReviews('2026-01-01', '2027-03-01', '2027-06-01', '2027-10-01');
    current(inside)!.versions[0]!.reviewDate = '2028-03-10';
    expect(codes(checkPupilPlan(inside, leap))).not.toContain('too_few_reviews');
  });
});

describe('review_overdue', () => {
  it('flags an active cycle whose review date has passed with no review, giving the days and the due date', () => {
    const pupil = goodPupil();
    inForce(pupil)!.reviewDate = '2025-02-24';
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'review_overdue', 'cycle', 'c4');
    expect(f!.message).toContain('due on 24 February 2025');
    expect(f!.message).toContain('14 days overdue');
  });

  it('is one day overdue the day after the review date, and not overdue on the day itself', () => {
    const pupil = goodPupil();
    inForce(pupil)!.reviewDate = '2025-03-09';
    expect(expectFlag(checkPupilPlan(pupil, ctx), 'review_overdue', 'cycle', 'c4')!.message).toContain('1 day overdue');
    inForce(pupil)!.reviewDate = TODAY;
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_overdue');
  });

  it('uses the review date of the active version, not of a newer draft', () => {
    const pupil = goodPupil();
    inForce(pupil)!.reviewDate = '2025-03-01';
    current(pupil)!.versions.push(version('v4b', { version: 2, status: 'draft', agreedOn: null, reviewDate: '2025-03-31' }));
    expectFlag(checkPupilPlan(pupil, ctx), 'review_overdue', 'cycle', 'c4');
  });

  it('does not flag a cycle still being planned', () => {
    const pupil = goodPupil();
    current(pupil)!.status = 'planning';
    inForce(pupil)!.status = 'draft';
    inForce(pupil)!.reviewDate = '2025-03-01';
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_overdue');
  });
});

describe('review_date_slipped', () => {
  const slipped = (...versions: Array<Partial<VersionFacts>>) => {
    const pupil = goodPupil();
    current(pupil)!.versions = versions.map((v, i) =>
      version(`v4-${i + 1}`, { version: i + 1, status: i === versions.length - 1 ? 'active' : 'superseded', ...v }),
    );
    return pupil;
  };

  it('flags an agreed version that moved the review date later, naming both dates', () => {
    const pupil = slipped({ reviewDate: '2025-03-17' }, { reviewDate: '2025-03-31' });
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'review_date_slipped', 'cycle', 'c4');
    expect(f!.message).toContain('moved later from 17 March 2025 to 31 March 2025');
  });

  it('flags a slip even when a later version brings the date back a little', () => {
    const pupil = slipped({ reviewDate: '2025-03-17' }, { reviewDate: '2025-03-31' }, { reviewDate: '2025-03-24' });
    expect(expectFlag(checkPupilPlan(pupil, ctx), 'review_date_slipped', 'cycle', 'c4')!.message).toContain('from 17 March 2025 to 31 March 2025');
  });

  it('does not flag a review date kept or brought forward', () => {
    expect(codes(checkPupilPlan(slipped({ reviewDate: '2025-03-24' }, { reviewDate: '2025-03-24' }), ctx))).not.toContain('review_date_slipped');
    expect(codes(checkPupilPlan(slipped({ reviewDate: '2025-03-31' }, { reviewDate: '2025-03-24' }), ctx))).not.toContain('review_date_slipped');
  });

  it('ignores drafts that were never agreed', () => {
    const pupil = slipped({ reviewDate: '2025-03-17' }, { reviewDate: '2025-03-31', agreedOn: null, status: 'draft' });
    pupil.cycles[3]!.versions[0]!.status = 'active';
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_date_slipped');
  });

  it('reads the versions in version order, not list order', () => {
    const pupil = slipped({ reviewDate: '2025-03-31', version: 2 }, { reviewDate: '2025-03-17', version: 1 });
    expectFlag(checkPupilPlan(pupil, ctx), 'review_date_slipped', 'cycle', 'c4');
  });
});

describe('checkVersion', () => {
  const good = () => version('v9', { targets: [target('t1')], provisions: [provision('p1')] });
  const check = (v: VersionFacts, previousCycle: CycleFacts | null = null, more: Partial<VersionContext> = {}) =>
    checkVersion(v, { ...ctx, previousCycles: previousCycle ? [previousCycle] : [], reports: [], deliveries: [], ...more });

  it('raises nothing for a good version', () => {
    expect(check(good())).toEqual([]);
  });

  it('no_targets: a version without targets', () => {
    expectFlag(check({ ...good(), targets: [] }), 'no_targets', 'version', 'v9');
    expect(codes(check(good()))).not.toContain('no_targets');
  });

  it('no_provision: a version without provision', () => {
    expectFlag(check({ ...good(), provisions: [] }), 'no_provision', 'version', 'v9');
    expect(codes(check(good()))).not.toContain('no_provision');
  });

  it.each([
    ['target_no_measure', { measure: null }, { measure: '  ' }],
    ['target_no_baseline', { baseline: null }, { baseline: '' }],
    ['target_no_success_criterion', { successCriterion: null }, { successCriterion: ' ' }],
    ['target_no_date', { targetDate: null }, null],
  ] as const)('%s: flags the target, blank or null', (code, missing, blank) => {
    for (const overrides of [missing, blank]) {
      if (!overrides) continue;
      const v = { ...good(), targets: [target('t1'), target('t2', overrides)] };
      const f = expectFlag(check(v), code, 'target', 't2');
      expect(f!.message).toContain('"will read 40 high-frequency words correctly"');
    }
    expect(codes(check(good()))).not.toContain(code);
  });

  it('target_unmeasurable: flags vague wording with nothing to measure it by', () => {
    // The default measure ("Phase 3 …") holds a number, which would anchor the target: use a vague one.
    const vague = { description: 'will become more confident', measure: 'teacher observation' };
    const v = { ...good(), targets: [target('t1', { ...vague, successCriterion: 'is more confident in class' })] };
    const f = expectFlag(check(v), 'target_unmeasurable', 'target', 't1');
    expect(f!.message).toContain('"will become more confident"');
    const anchored = { ...good(), targets: [target('t1', { ...vague, successCriterion: 'answers a question in class 3 times a week' })] };
    expect(codes(check(anchored))).not.toContain('target_unmeasurable');
  });

  it('judges each target on its own and keeps the target order', () => {
    const v = {
      ...good(),
      targets: [target('t1', { measure: null }), target('t2'), target('t3', { measure: null, targetDate: null })],
    };
    expect(check(v).map((f) => [f.code, f.subjectId])).toEqual([
      ['target_no_measure', 't1'],
      ['target_no_measure', 't3'],
      ['target_no_date', 't3'],
    ]);
  });

  it('shortens a long target to about 60 characters in the message', () => {
    const description = 'will read a short passage aloud to an adult, decoding unfamiliar words using phonics and self-correcting errors';
    const f = expectFlag(check({ ...good(), targets: [target('t1', { description, baseline: null })] }), 'target_no_baseline', 'target', 't1');
    const quoted = /"([^"]*)"/.exec(f!.message)![1];
    expect(quoted!.endsWith('…')).toBe(true);
    expect(quoted!.length).toBeLessThanOrEqual(61);
    expect(description.startsWith(quoted!.slice(0, -1))).toBe(true);
  });

  it.each([
    ['provision_no_frequency', { frequencyCount: null }],
    ['provision_no_frequency', { frequencyPeriod: null }],
    ['provision_no_duration', { minutesPerSession: null }],
    ['provision_no_staff', { staffRole: null }],
  ] as const)('%s: flags the provision (%o)', (code, overrides) => {
    const v = { ...good(), provisions: [provision('p1'), provision('p2', { description: 'Support in class', ...overrides })] };
    const f = expectFlag(check(v), code, 'provision', 'p2');
    expect(f!.message).toContain('"Support in class"');
    expect(codes(check(good()))).not.toContain(code);
  });

  it('no_review_date: a version without a review date', () => {
    const f = expectFlag(check({ ...good(), reviewDate: null }), 'no_review_date', 'version', 'v9');
    expect(f!.message).toContain("not just 'next term'");
    expect(codes(check(good()))).not.toContain('no_review_date');
  });

  it('review_date_too_far: exactly the interval is fine, a day more is flagged with the interval named', () => {
    // 6 January + 12 weeks = 31 March.
    expect(codes(check({ ...good(), reviewDate: '2025-03-31' }))).not.toContain('review_date_too_far');
    const f = expectFlag(check({ ...good(), reviewDate: '2025-04-01' }), 'review_date_too_far', 'version', 'v9');
    expect(f!.message).toContain('12 weeks');
    expect(f!.message).toContain('31 March 2025');
    const sixWeeks = check({ ...good(), reviewDate: '2025-02-18' }, null, { reviewIntervalWeeks: 6 });
    expect(expectFlag(sixWeeks, 'review_date_too_far', 'version', 'v9')!.message).toContain('6 weeks');
    expect(codes(check({ ...good(), reviewDate: '2025-02-17' }, null, { reviewIntervalWeeks: 6 }))).not.toContain('review_date_too_far');
  });

  describe('no_parental_involvement', () => {
    const involvement = good().involvement!;

    it('flags no record of involvement, listing everything missing', () => {
      const f = expectFlag(check({ ...good(), involvement: null }), 'no_parental_involvement', 'version', 'v9');
      expect(f!.message).toContain('no meeting date, no parent or carer among those who attended, no comments from the parents recorded');
    });

    it.each([
      [{ meetingDate: ' ' }, 'no meeting date'],
      [
        {
          attendees: [
            { name: 'Mr Ahmed', role: 'senco' as const },
            { name: 'Sam', role: 'pupil' as const },
          ],
        },
        'no parent or carer among those who attended',
      ],
      [{ parentComments: '' }, 'no comments from the parents recorded'],
    ])('flags %o, saying %s', (overrides, missing) => {
      const f = expectFlag(check({ ...good(), involvement: { ...involvement, ...overrides } }), 'no_parental_involvement', 'version', 'v9');
      expect(f!.message).toContain(`(${missing})`);
    });

    it('does not flag a meeting with a parent there and their comments recorded', () => {
      expect(codes(check(good()))).not.toContain('no_parental_involvement');
    });
  });

  describe('targets_unchanged', () => {
    const previous = (targets: TargetFacts[], outcome: 'not_achieved' | 'partly_achieved' = 'not_achieved', versions?: VersionFacts[]) =>
      cycle(8, {
        versions: versions ?? [version('v8', { status: 'superseded', targets })],
        review: review('r8', '2024-12-16', { outcomes: targets.map((t) => ({ targetId: t.id, outcome, measuredValue: null })) }),
      });
    const old = target('old', { description: 'Will read 40 high-frequency words correctly.' });

    it('flags a not-achieved target carried forward unchanged', () => {
      const v = { ...good(), targets: [target('t1', { carriedFromId: 'old', description: 'will read 40 high-frequency words correctly' })] };
      const f = expectFlag(check(v, previous([old])), 'targets_unchanged', 'target', 't1');
      expect(f!.message).toContain('not achieved last time');
    });

    it('flags the same wording set again without being marked as carried forward, ignoring case, spacing and full stops', () => {
      const v = {
        ...good(),
        targets: [target('t1', { description: '  will  READ 40 high-frequency words correctly ', measure: 'Phase 3 high-frequency word check.' })],
      };
      expectFlag(check(v, previous([old])), 'targets_unchanged', 'target', 't1');
    });

    it('links by carriedFromId where the wording cannot: a target with no wording carried forward', () => {
      // Identical wording already links two targets, so carriedFromId decides only when there is none to compare.
      const before = target('old', { description: ' ' });
      const carried = { ...good(), targets: [target('t1', { description: '', carriedFromId: 'old' })] };
      expectFlag(check(carried, previous([before])), 'targets_unchanged', 'target', 't1');
      const unlinked = { ...good(), targets: [target('t1', { description: '' })] };
      expect(codes(check(unlinked, previous([before])))).not.toContain('targets_unchanged');
    });

    it('treats a null and a blank success criterion as the same', () => {
      const before = target('old', { successCriterion: null });
      const v = { ...good(), targets: [target('t1', { carriedFromId: 'old', successCriterion: '  ' })] };
      expectFlag(check(v, previous([before])), 'targets_unchanged', 'target', 't1');
    });

    it('does not flag a carried-forward target whose description, measure or success criterion changed', () => {
      for (const change of [
        { description: 'will read 45 high-frequency words correctly' },
        { measure: 'reading record' },
        { successCriterion: 'reads 40 of 45 words on 3 checks running' },
      ]) {
        const v = { ...good(), targets: [target('t1', { carriedFromId: 'old', ...change })] };
        expect(codes(check(v, previous([old])))).not.toContain('targets_unchanged');
      }
    });

    it('does not flag a target repeated after it was partly achieved, or with no previous review', () => {
      const v = { ...good(), targets: [target('t1', { carriedFromId: 'old' })] };
      expect(codes(check(v, previous([old], 'partly_achieved')))).not.toContain('targets_unchanged');
      expect(codes(check(v, { ...previous([old]), review: null }))).not.toContain('targets_unchanged');
      expect(codes(check(v, null))).not.toContain('targets_unchanged');
    });

    it("reads the earlier target from the previous cycle's active version, else its latest agreed one", () => {
      const v = { ...good(), targets: [target('t1')] };
      const reworded = target('old', { description: 'will read 20 words' });
      const activeFirst = previous([old], 'not_achieved', [
        version('v8a', { version: 1, status: 'active', targets: [old] }),
        version('v8b', { version: 2, status: 'agreed', targets: [reworded] }),
      ]);
      expectFlag(check(v, activeFirst), 'targets_unchanged', 'target', 't1');
      const agreedNotDraft = previous([old], 'not_achieved', [
        version('v8a', { version: 1, status: 'superseded', targets: [old] }),
        version('v8b', { version: 2, status: 'draft', agreedOn: null, targets: [reworded] }),
      ]);
      expectFlag(check(v, agreedNotDraft), 'targets_unchanged', 'target', 't1');
      const latestAgreed = previous([old], 'not_achieved', [
        version('v8a', { version: 1, status: 'superseded', targets: [old] }),
        version('v8b', { version: 2, status: 'superseded', targets: [reworded] }),
      ]);
      expect(codes(check(v, latestAgreed))).not.toContain('targets_unchanged');
    });
  });

  it('orders the version, then target, then provision flags', () => {
    const v = {
      ...good(),
      reviewDate: null,
      targets: [target('t1', { measure: null })],
      provisions: [provision('p1', { staffRole: null })],
    };
    expect(codes(check(v))).toEqual(['no_review_date', 'target_no_measure', 'provision_no_staff']);
  });
});

describe('checkPupilPlan: targets_unchanged through the cycles', () => {
  it('compares the current version with the previous cycle reviewed', () => {
    const pupil = goodPupil();
    inForce(pupil)!.targets[0] = target('v4-t1', { carriedFromId: 'v3-t1' });
    expectFlag(checkPupilPlan(pupil, ctx), 'targets_unchanged', 'target', 'v4-t1');
  });

  it('does not compare with a cycle that is not the one just before', () => {
    const pupil = goodPupil();
    inForce(pupil)!.targets[0] = target('v4-t1', { carriedFromId: 'v3-t1' });
    current(pupil)!.number = 5;
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('targets_unchanged');
  });
});

describe('the plan checked', () => {
  it('is the version in force of the current cycle: the active version, even with a newer draft', () => {
    const pupil = goodPupil();
    current(pupil)!.versions.push(version('v4b', { version: 2, status: 'draft', agreedOn: null, targets: [] }));
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('no_targets');
  });

  it('is the latest version when none is active', () => {
    const pupil = goodPupil();
    current(pupil)!.status = 'planning';
    current(pupil)!.versions = [
      version('v4a', { version: 2, status: 'draft', agreedOn: null, targets: [] }),
      version('v4b', { version: 1, status: 'superseded' }),
    ];
    expectFlag(checkPupilPlan(pupil, ctx), 'no_targets', 'version', 'v4a');
  });

  it('is in the last open cycle; earlier cycles are not re-judged', () => {
    const pupil = goodPupil();
    cycleOf(pupil, 2).versions = [version('v2', { status: 'superseded', targets: [], provisions: [], reviewDate: null })];
    expect(checkPupilPlan(pupil, ctx)).toEqual([]);
  });
});

describe('review_without_parents', () => {
  it('flags the latest review with no parent there and no parental views', () => {
    const pupil = goodPupil();
    cycleOf(pupil, 3).review = { ...cycleOf(pupil, 3).review!, attendees: [{ name: 'Mr Ahmed', role: 'senco' }], parentViews: '  ' };
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'review_without_parents', 'review', 'r3');
    expect(f!.message).toContain('16 December 2024');
  });

  it("does not flag a review with a parent there, or with the parents' views recorded", () => {
    const pupil = goodPupil();
    cycleOf(pupil, 3).review = { ...cycleOf(pupil, 3).review!, parentViews: null };
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_without_parents');
    cycleOf(pupil, 3).review = { ...cycleOf(pupil, 3).review!, attendees: [], parentViews: 'Sent written views by email.' };
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_without_parents');
  });

  it('review_without_parents: looks at every review of the past year, not only the latest', () => {
    const pupil = goodPupil();
    cycleOf(pupil, 2).review = { ...cycleOf(pupil, 2).review!, attendees: [], parentViews: null };
    expectFlag(checkPupilPlan(pupil, ctx), 'review_without_parents', 'review', 'r2');
    // A year and more ago is outside the year.
    cycleOf(pupil, 2).review = { ...cycleOf(pupil, 2).review!, heldOn: '2024-03-10' };
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('review_without_parents');
  });
});

describe('isUnmeasurable', () => {
  it.each([
    ['will become more confident', null, null],
    ['will improve social skills', null, null],
    ['will settle better in class', null, null],
    ['will make good progress in maths', 'makes expected progress', null],
    ['will improve her reading.', null, null],
    ['will be more independent', 'is more independent in class', null],
    ['will feel calmer at lunchtime', null, null],
    ['will access the curriculum', null, 'teacher judgement'],
  ])('%s (success: %s, measure: %s) cannot be measured', (description, success, measure) => {
    expect(isUnmeasurable(description, success, measure)).toBe(true);
  });

  it.each([
    ['will read 40 high-frequency words correctly', null, null],
    ['will join a group game for 10 minutes taking turns without adult prompting', null, null],
    ['become more confident', 'answers a question in class 3 times a week', null],
    ['will improve social skills', null, 'Boxall Profile standardised score'],
    ['will improve her reading to a reading age of eight', null, null],
    ['will use a visual timetable', null, null],
  ])('%s (success: %s, measure: %s) can be measured', (description, success, measure) => {
    expect(isUnmeasurable(description, success, measure)).toBe(false);
  });

  it('finds vague wording in the success criterion too', () => {
    expect(isUnmeasurable('will take part in circle time', 'joins circle time on four days out of five', null)).toBe(false);
    expect(isUnmeasurable('will take part in circle time', 'will be happier', null)).toBe(true);
  });
});

describe('messages', () => {
  it('are one sentence, say what to do, and never name anyone', () => {
    const pupil = goodPupil({ registerSince: '2023-09-01' });
    cycleOf(pupil, 1).review = null;
    cycleOf(pupil, 3).review = { ...cycleOf(pupil, 3).review!, attendees: [{ name: 'Mr Ahmed', role: 'senco' }], parentViews: null };
    current(pupil)!.versions = [
      version('v4-1', { reviewDate: '2025-02-17', status: 'superseded' }),
      version('v4-2', {
        version: 2,
        reviewDate: '2025-03-03',
        involvement: { meetingDate: '', attendees: [{ name: 'Mr Ahmed', role: 'senco' }], parentComments: '' },
        targets: [target('t1', { description: 'will become more confident', measure: null, baseline: null, successCriterion: null, targetDate: null })],
        provisions: [provision('p1', { description: 'Support in class', staffRole: null, frequencyCount: null, minutesPerSession: null })],
      }),
    ];
    const flags = checkPupilPlan(pupil, ctx);
    expect(flags.map((f) => [f.subject, f.code])).toEqual([
      ['pupil', 'too_few_reviews'],
      ['cycle', 'review_overdue'],
      ['cycle', 'review_date_slipped'],
      ['version', 'no_parental_involvement'],
      ['target', 'target_no_measure'],
      ['target', 'target_no_baseline'],
      ['target', 'target_no_success_criterion'],
      ['target', 'target_no_date'],
      ['target', 'target_unmeasurable'],
      ['provision', 'provision_no_frequency'],
      ['provision', 'provision_no_duration'],
      ['provision', 'provision_no_staff'],
      ['review', 'review_without_parents'],
    ]);
    for (const f of flags) {
      expect(f.message).toMatch(/^[A-Z].*[.]$/);
      expect(f.message.slice(0, -1)).not.toMatch(/[.!?]\s/);
      expect(f.message).toContain(';');
      for (const name of ['Ms Brown', 'Mr Ahmed', 'Mrs Okafor', 'Ahmed', 'Okafor']) expect(f.message).not.toContain(name);
    }
  });
});

describe('messages of the seed red-flag rules', () => {
  it('are one sentence too, say what to do, and never name anyone', () => {
    const pupil = goodPupil({
      noticePendingSince: '2025-02-03',
      reports: [
        { id: 'rep1', profession: 'educational_psychologist', reportDate: '2025-02-03', recommendations: 'Use a visual timetable. Chunk instructions.' },
      ],
    });
    cycleOf(pupil, 2).review = review('r2', '2024-09-30', { outcomes: [{ targetId: 'v2-t1', outcome: 'not_achieved', measuredValue: '25 of 45' }] });
    cycleOf(pupil, 3).review!.outcomes[1]!.measuredValue = 'Making good progress';
    Object.assign(inForce(pupil)!, {
      needs: [{ area: 'cognition_and_learning', description: 'MLD' }],
      pupilViews: null,
      homeSupport: null,
      reviewDate: '2025-03-22',
      provisions: [provision('v4-p1', { staffRole: 'teaching_assistant', interventionId: 'int-1' })],
    });
    const flags = checkPupilPlan(pupil, { ...ctx, sencoReachable: false });
    expect(codes(flags)).toEqual([
      'no_senco_contact',
      'formal_notice_pending',
      'repeated_targets_not_met',
      'long_support_little_progress',
      'needs_not_specific',
      'no_pupil_views',
      'class_teacher_not_responsible',
      'no_home_role',
      'review_date_school_closed',
      'report_not_reflected',
      'provision_under_delivered',
      'outcome_not_measured',
    ]);
    for (const f of flags) {
      expect(f.message).toMatch(/^[A-Z].*[.]$/);
      expect(f.message.slice(0, -1)).not.toMatch(/[.!?]\s/);
      expect(f.message).toContain(';');
      for (const name of ['Ms Brown', 'Mr Ahmed', 'Mrs Okafor', 'Ahmed', 'Okafor']) expect(f.message).not.toContain(name);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// The seeds' red flags (docs/domain.md, "Red flags and the rules that answer them"): each raised and cleared.

describe('the plan itself', () => {
  const good = () => version('v9', { targets: [target('t1')], provisions: [provision('p1')] });
  const check = (v: VersionFacts, more: Partial<VersionContext> = {}) => checkVersion(v, { ...ctx, previousCycles: [], reports: [], deliveries: [], ...more });

  it('needs_not_specific: raised for no needs, a code or a label, cleared by saying what the pupil finds hard', () => {
    for (const needs of [
      [],
      [{ area: 'communication_and_interaction' as const, description: 'SLCN' }],
      [{ area: 'cognition_and_learning' as const, description: 'Has dyslexia and needs support with learning.' }],
    ]) {
      expect(expectFlag(check({ ...good(), needs }), 'needs_not_specific', 'version', 'v9')!.message).toContain('only as a code or a general phrase');
    }
    const specific = [{ area: 'cognition_and_learning' as const, description: 'Dyslexia: spells 12 of 30 Year 3 words; reverses b and d' }];
    expect(codes(check({ ...good(), needs: specific }))).not.toContain('needs_not_specific');
  });

  it("no_pupil_views: raised when the pupil's views are blank, cleared once recorded", () => {
    expectFlag(check({ ...good(), pupilViews: '  ' }), 'no_pupil_views', 'version', 'v9');
    expect(codes(check(good()))).not.toContain('no_pupil_views');
  });

  it('no_home_role: raised when the role of parents at home is not recorded, cleared once it is', () => {
    expect(expectFlag(check({ ...good(), homeSupport: null }), 'no_home_role', 'version', 'v9')!.message).toContain('help at home');
    expect(codes(check(good()))).not.toContain('no_home_role');
  });

  it('class_teacher_not_responsible: raised for support only from a teaching assistant, cleared by a class-teacher line', () => {
    const taOnly = { ...good(), provisions: [provision('p1', { staffRole: 'teaching_assistant' })] };
    expect(expectFlag(check(taOnly), 'class_teacher_not_responsible', 'version', 'v9')!.message).toContain('remain responsible');
    const shared = { ...taOnly, provisions: [...taOnly.provisions, provision('p2', { description: 'Pre-teaching of topic words' })] };
    expect(codes(check(shared))).not.toContain('class_teacher_not_responsible');
    expect(codes(check({ ...good(), provisions: [provision('p1', { staffRole: 'speech_and_language_therapist' })] }))).not.toContain(
      'class_teacher_not_responsible',
    );
  });

  it('no_targeted_support: raised when all the support is ordinary class teaching, cleared by a group, a session or an intervention', () => {
    const inClass = { ...good(), provisions: [provision('p1', { description: 'Differentiated worksheets', groupSize: null })] };
    expectFlag(check(inClass), 'no_targeted_support', 'version', 'v9');
    expect(codes(check(good()))).not.toContain('no_targeted_support');
    expect(codes(check({ ...inClass, provisions: [provision('p1', { groupSize: null, interventionId: 'int-1' })] }))).not.toContain('no_targeted_support');
  });

  it('review_date_school_closed: raised for a weekend, a closure or the holidays, cleared for an open day', () => {
    const calendar = {
      terms: [
        { startsOn: '2025-01-06', endsOn: '2025-04-04' },
        { startsOn: '2025-04-22', endsOn: '2025-07-22' },
      ],
      closures: [{ startsOn: '2025-03-21', endsOn: '2025-03-21' }],
    };
    expect(expectFlag(check({ ...good(), reviewDate: '2025-03-22' }), 'review_date_school_closed', 'version', 'v9')!.message).toContain('a weekend');
    expect(expectFlag(check({ ...good(), reviewDate: '2025-03-21' }, { calendar }), 'review_date_school_closed', 'version', 'v9')!.message).toContain(
      'school is closed',
    );
    expect(expectFlag(check({ ...good(), reviewDate: '2025-04-14' }, { calendar }), 'review_date_school_closed', 'version', 'v9')!.message).toContain(
      'school holidays',
    );
    expect(codes(check({ ...good(), reviewDate: '2025-03-24' }, { calendar }))).not.toContain('review_date_school_closed');
    // With no calendar entered only weekends are known to be closed.
    expect(codes(check({ ...good(), reviewDate: '2025-04-14' }))).not.toContain('review_date_school_closed');
  });

  it('report_not_reflected: raised for a recommendation no target or support takes up, cleared once one does', () => {
    const report = {
      id: 'rep1',
      profession: 'speech_and_language_therapist' as const,
      reportDate: '2025-02-03',
      recommendations: 'Use a visual timetable every day.\n- Pre-teach topic vocabulary before each unit',
    };
    const f = expectFlag(check(good(), { reports: [report] }), 'report_not_reflected', 'version', 'v9');
    expect(f!.message).toContain(
      'speech and language therapist\'s report of 3 February 2025 recommends "Use a visual timetable every day." and 1 other recommendation',
    );
    const taken = {
      ...good(),
      provisions: [
        provision('p1', { description: 'Visual timetable checked with an adult each morning' }),
        provision('p2', { description: 'Pre-teaching of topic vocabulary' }),
      ],
    };
    expect(codes(check(taken, { reports: [report] }))).not.toContain('report_not_reflected');
    // A report more than a year old, or with no recommendations, is not judged.
    expect(
      codes(
        check(good(), {
          reports: [
            { ...report, reportDate: '2024-03-01' },
            { ...report, recommendations: null },
          ],
        }),
      ),
    ).not.toContain('report_not_reflected');
  });

  it('provision_under_delivered: raised below 80% of the promised sessions, cleared at 80%, not judged without a link', () => {
    // 3 a week from Monday 6 January to Monday 10 March 2025: 45 weekdays, 27 sessions promised; 80% is 21.6.
    const linked = { ...good(), provisions: [provision('p1', { interventionId: 'int-1' })] };
    const sessions = (n: number) => [{ interventionId: 'int-1', deliveredOn: Array.from({ length: n }, () => '2025-02-03') }];
    const f = expectFlag(check(linked, { deliveries: sessions(21) }), 'provision_under_delivered', 'provision', 'p1');
    expect(f!.message).toContain('about 27 sessions by now but 21 sessions were delivered');
    expect(codes(check(linked, { deliveries: sessions(22) }))).not.toContain('provision_under_delivered');
    // Sessions before the plan started do not count towards it.
    expect(codes(check(linked, { deliveries: [{ interventionId: 'int-1', deliveredOn: Array.from({ length: 30 }, () => '2024-12-02') }] }))).toContain(
      'provision_under_delivered',
    );
    expect(codes(check(good(), { deliveries: sessions(0) }))).not.toContain('provision_under_delivered');
    // School days come from the calendar: a half-term week promises nothing.
    const calendar = { terms: [{ startsOn: '2025-01-06', endsOn: '2025-04-04' }], closures: [{ startsOn: '2025-02-17', endsOn: '2025-02-21' }] };
    expect(expectFlag(check(linked, { deliveries: sessions(0), calendar }), 'provision_under_delivered', 'provision', 'p1')!.message).toContain(
      'about 24 sessions',
    );
  });
});

describe('the pupil', () => {
  it('no_senco_contact: raised when the school has no way to reach the SENCO, cleared once it has', () => {
    const f = expectFlag(checkPupilPlan(goodPupil(), { ...ctx, sencoReachable: false }), 'no_senco_contact', 'pupil', 'pupil-1');
    expect(f!.message).toContain('parents cannot contact them');
    expect(codes(checkPupilPlan(goodPupil(), ctx))).not.toContain('no_senco_contact');
  });

  it('formal_notice_pending: raised after more than 5 school days without the notice, cleared when sent or still within 5', () => {
    // Monday 3 March to Monday 10 March: 5 school days after the start.
    expect(codes(checkPupilPlan(goodPupil({ noticePendingSince: '2025-03-03' }), ctx))).not.toContain('formal_notice_pending');
    const f = expectFlag(checkPupilPlan(goodPupil({ noticePendingSince: '2025-02-28' }), ctx), 'formal_notice_pending', 'pupil', 'pupil-1');
    expect(f!.message).toContain('28 February 2025');
    // A closure in the calendar is not a school day.
    const calendar = { terms: [{ startsOn: '2025-01-06', endsOn: '2025-04-04' }], closures: [{ startsOn: '2025-03-03', endsOn: '2025-03-03' }] };
    expect(codes(checkPupilPlan(goodPupil({ noticePendingSince: '2025-02-28' }), { ...ctx, calendar }))).not.toContain('formal_notice_pending');
    expect(codes(checkPupilPlan(goodPupil({ noticePendingSince: null }), ctx))).not.toContain('formal_notice_pending');
  });

  it('monitoring_too_long: raised after more than 15 school weeks of monitoring, cleared by a decision or within a term', () => {
    const monitored = (statusSince: string, status: PupilPlanFacts['status'] = 'monitoring') =>
      checkPupilPlan(goodPupil({ status, statusSince, cycles: [] }), ctx);
    // 75 weekdays back from Monday 10 March 2025 is Monday 25 November 2024.
    expect(codes(monitored('2024-11-25'))).toEqual([]);
    expect(expectFlag(monitored('2024-11-22'), 'monitoring_too_long', 'pupil', 'pupil-1')!.message).toContain('22 November 2024');
    expect(codes(monitored('2024-11-22', 'N'))).toEqual([]);
  });

  const missedTwice = () => {
    const pupil = goodPupil();
    cycleOf(pupil, 2).review = review('r2', '2024-09-30', { outcomes: [{ targetId: 'v2-t1', outcome: 'not_achieved', measuredValue: '25 of 45' }] });
    return pupil;
  };

  it('repeated_targets_not_met: raised for the same target not met at two reviews running, prompting an EHC needs assessment', () => {
    const f = expectFlag(checkPupilPlan(missedTwice(), ctx), 'repeated_targets_not_met', 'pupil', 'pupil-1');
    expect(f!.message).toContain('not been met at 2 reviews running');
    expect(f!.message).toContain('EHC needs assessment');
    expect(f!.rule).toContain('6.63');
    expect(codes(checkPupilPlan(goodPupil(), ctx))).not.toContain('repeated_targets_not_met');
    // An EHC plan already exists for E: the prompt is for SEN Support.
    expect(codes(checkPupilPlan({ ...missedTwice(), status: 'E' }, ctx))).not.toContain('repeated_targets_not_met');
  });

  it('long_support_little_progress: raised after a year on SEN Support with under half the targets met, cleared by progress', () => {
    const f = expectFlag(checkPupilPlan(missedTwice(), ctx), 'long_support_little_progress', 'pupil', 'pupil-1');
    expect(f!.message).toContain('met only 1 of 3 targets reviewed in the past year');
    const progress = missedTwice();
    cycleOf(progress, 2).review!.outcomes = [{ targetId: 'v2-t1', outcome: 'achieved', measuredValue: '40 of 45' }];
    expect(codes(checkPupilPlan(progress, ctx))).not.toContain('long_support_little_progress');
    expect(codes(checkPupilPlan({ ...missedTwice(), registerSince: '2024-06-01' }, ctx))).not.toContain('long_support_little_progress');
  });

  it('too_few_reviews: counts the meeting that agreed a plan with a parent there, but not a meeting without one', () => {
    const pupil = goodPupil();
    cycleOf(pupil, 1).review = review('r1', '2023-12-01');
    cycleOf(pupil, 2).review = review('r2', '2024-09-30', { attendees: [{ name: 'Mr Ahmed', role: 'senco' }], parentViews: 'Sent by email.' });
    // Left: r3 on 16 December and the plan agreed with a parent on 6 January.
    expect(expectFlag(checkPupilPlan(pupil, ctx), 'too_few_reviews', 'pupil', 'pupil-1')!.message).toContain('Only two meetings with a parent');
    cycleOf(pupil, 2).versions[0]!.involvement = { ...cycleOf(pupil, 2).versions[0]!.involvement!, meetingDate: '2024-06-03' };
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('too_few_reviews');
  });
});

describe('reviews', () => {
  it("outcome_not_measured: raised for an outcome with no value or only 'making good progress', cleared by a measured value", () => {
    const pupil = goodPupil();
    const r3 = cycleOf(pupil, 3).review!;
    r3.outcomes = [
      { targetId: 'v3-t1', outcome: 'partly_achieved', measuredValue: 'Making good progress' },
      { targetId: 'v3-t2', outcome: 'achieved', measuredValue: null },
    ];
    const f = expectFlag(checkPupilPlan(pupil, ctx), 'outcome_not_measured', 'review', 'r3');
    expect(f!.message).toContain('2 outcomes with no measured value');
    r3.outcomes = [{ targetId: 'v3-t1', outcome: 'partly_achieved', measuredValue: 'making good progress: 34 of 45 words' }];
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('outcome_not_measured');
  });

  it('targets_unchanged: looks at the support too, and counts the reviews running that missed the same target', () => {
    const pupil = goodPupil();
    cycleOf(pupil, 2).review = review('r2', '2024-09-30', { outcomes: [{ targetId: 'v2-t1', outcome: 'not_achieved', measuredValue: '25 of 45' }] });
    inForce(pupil)!.targets[0] = target('v4-t1', { carriedFromId: 'v3-t1' });
    expect(expectFlag(checkPupilPlan(pupil, ctx), 'targets_unchanged', 'target', 'v4-t1')!.message).toContain('not achieved at the last 2 reviews');
    // Changed support is a new attempt: the same target with it is not the same plan.
    inForce(pupil)!.provisions = [provision('v4-p1', { frequencyCount: 5 })];
    expect(codes(checkPupilPlan(pupil, ctx))).not.toContain('targets_unchanged');
  });
});
