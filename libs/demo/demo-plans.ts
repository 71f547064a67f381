import type { DataSource } from 'typeorm';
import { AuditService } from '#libs/audit';
import { academicYearOf, Clock, dateInZone, addDays, SystemClock } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { ContributionsService, PlanCycle, PlansService, ReviewsService, openDayNear, type PlanContent, type TargetInput } from '#libs/plans';
import { Pupil, SchoolToday, SenStatusService } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { typicalYear } from './demo-interventions.js';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

const involvement = (meetingDate: string, parentComments: string) => ({
  meetingDate,
  attendees: [
    { name: 'Parent', role: 'parent' as const },
    { name: 'Demo SENCO', role: 'senco' as const },
    { name: 'Class teacher', role: 'class_teacher' as const },
  ],
  parentComments,
});

/** About ten weeks after the start, on a day the demo school (its typical year) is open. */
const reviewDateFor = (startsOn: string) => {
  const aimed = addDays(startsOn, 70);
  return openDayNear(aimed, typicalYear(academicYearOf(aimed)), addDays(startsOn, 42), addDays(startsOn, 84));
};

function plan(startsOn: string, targets: TargetInput[], extra: Partial<PlanContent> = {}): PlanContent {
  return {
    startsOn,
    reviewDate: reviewDateFor(startsOn),
    needs: [{ area: 'cognition_and_learning', description: 'Decodes slowly and loses meaning; spelling of common words is well below peers.' }],
    strengths: 'Articulate in discussion; enjoys science.',
    attainment: 'Reading age about 18 months below chronological age.',
    pupilViews: 'I like reading with the TA because she helps me sound out.',
    parentViews: 'Homework takes a long time and ends in tears.',
    homeSupport: 'Ten minutes of shared reading, five evenings a week.',
    involvement: involvement(startsOn, 'Keen on the plan; asked for the word list to practise at home.'),
    changeSummary: null,
    targets,
    provisions: [
      {
        description: 'Precision teaching of high-frequency words',
        interventionId: null,
        staffRole: 'teaching_assistant',
        deliveredBy: null,
        frequencyCount: 1,
        frequencyPeriod: 'day',
        minutesPerSession: 10,
        groupSize: 1,
        startsOn,
        endsOn: null,
      },
      {
        description: 'Lexia, on a tablet',
        interventionId: null,
        staffRole: 'teaching_assistant',
        deliveredBy: null,
        frequencyCount: 3,
        frequencyPeriod: 'week',
        minutesPerSession: 20,
        groupSize: 1,
        startsOn,
        endsOn: null,
      },
      // The class teacher's own part (Code 6.52), which also takes up the psychologist's multisensory spelling advice.
      {
        description: 'Multisensory spelling with dictated sentences in class',
        interventionId: null,
        staffRole: 'class_teacher',
        deliveredBy: null,
        frequencyCount: 3,
        frequencyPeriod: 'week',
        minutesPerSession: 10,
        groupSize: 1,
        startsOn,
        endsOn: null,
      },
    ],
    ...extra,
  };
}

const target = (description: string, baseline: string, successCriterion: string, targetDate: string, carriedFromId: string | null = null): TargetInput => ({
  description,
  areaOfNeed: 'cognition_and_learning',
  measure: 'Check by the teaching assistant each Friday',
  baseline,
  successCriterion,
  targetDate,
  carriedFromId,
});

/**
 * Support plans for the demo register, written through the product's own services: Isla has a reviewed
 * cycle and a good plan in place; Ella's plan shows the red flags (vague target, vague provision, overdue
 * review); Kit's plan is still a draft; Hal, on SEN Support, has none. Does nothing if any plan exists.
 */
export async function seedDemoPlans(dataSource: DataSource, schoolId: string, now = new SystemClock().now()): Promise<number> {
  const tx = new TenantTransactions(dataSource);
  const scope = schoolScope(schoolId);
  const tenancy = new TenancyService(tx);
  const today = new SchoolToday(new FixedClock(now), tenancy);
  const audit = new AuditService(tx);
  const outbox = new OutboxService(tx);
  const status = new SenStatusService(tx, outbox, audit);
  const plans = new PlansService(tx, audit, outbox, status, today, tenancy);
  const reviews = new ReviewsService(tx, plans, status, outbox, audit, today);
  const contributions = new ContributionsService(tx, audit, today);
  const day = dateInZone(now, 'Europe/London');
  const ago = (n: number) => addDays(day, -n);
  return tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    if (await m.existsBy(PlanCycle, { schoolId })) return 0;
    const pupils = new Map((await m.find(Pupil, { where: { schoolId } })).map((p) => [p.legalFirstName, p.id]));
    let made = 0;

    const isla = pupils.get('Isla');
    if (isla) {
      const start = ago(110);
      const { cycle } = await plans.start(
        scope,
        isla,
        plan(start, [
          target('Read the 100 high-frequency words accurately', '35 of 100 words', '80 of 100 words on two checks in a row', addDays(start, 63)),
          target('Spell 20 Year 3/4 statutory words in dictated sentences', '4 of 20 words', '12 of 20 words', addDays(start, 63)),
        ]),
      );
      await plans.agree(scope, cycle.id);
      const active = await plans.activate(scope, cycle.id);
      await contributions.addReport(scope, isla, {
        profession: 'educational_psychologist',
        professionalName: 'Dr A Demo',
        organisation: 'Demo LA Educational Psychology Service',
        reportDate: ago(100),
        summary: 'Phonological processing and working memory below average; verbal reasoning in the average range.',
        recommendations: 'Daily overlearning of high-frequency words; multisensory spelling.',
      });
      const targets = await m.query<{ id: string }[]>(`select id from plan_targets where version_id = $1 order by position`, [active.id]);
      const { nextCycle } = await reviews.record(scope, cycle.id, {
        heldOn: ago(40),
        attendees: involvement(ago(40), '').attendees,
        outcomes: [
          { targetId: targets[0]!.id, outcome: 'achieved', measuredValue: '82 of 100 words', comment: null },
          {
            targetId: targets[1]!.id,
            outcome: 'not_achieved',
            measuredValue: '7 of 20 words',
            comment: 'Spelling in isolation improved; not yet in sentences.',
          },
        ],
        whatWorked: 'Daily precision teaching',
        whatDidNotWork: 'Spelling lists without dictation practice',
        parentViews: 'Reading at home is easier now.',
        pupilViews: 'I can read more words.',
        decision: 'continue',
        ehcnaRequestedOn: null,
      });
      const next = ago(40);
      await plans.saveDraft(
        scope,
        nextCycle!.id,
        plan(
          next,
          [
            target(
              'Spell 20 Year 3/4 statutory words in dictated sentences, using look-say-cover-write-check',
              '7 of 20 words',
              '14 of 20 words',
              addDays(next, 63),
              targets[1]!.id,
            ),
          ],
          { involvement: involvement(next, 'Happy to practise dictation at home twice a week.') },
        ),
      );
      await plans.agree(scope, nextCycle!.id);
      await plans.activate(scope, nextCycle!.id);
      made += 2;
    }

    const ella = pupils.get('Ella');
    if (ella) {
      const start = ago(150);
      const { cycle } = await plans.start(
        scope,
        ella,
        plan(
          start,
          [
            {
              description: 'Ella will become more confident',
              areaOfNeed: 'social_emotional_mental_health',
              measure: null,
              baseline: null,
              successCriterion: null,
              targetDate: null,
              carriedFromId: null,
            },
          ],
          {
            needs: [{ area: 'social_emotional_mental_health', description: 'Anxious at transitions.' }],
            provisions: [
              {
                description: 'Support in class',
                interventionId: null,
                staffRole: null,
                deliveredBy: null,
                frequencyCount: null,
                frequencyPeriod: null,
                minutesPerSession: null,
                groupSize: null,
                startsOn: null,
                endsOn: null,
              },
            ],
            involvement: involvement(start, 'Signed.'),
          },
        ),
      );
      await plans.agree(scope, cycle.id);
      await plans.activate(scope, cycle.id);
      made += 1;
    }

    const kit = pupils.get('Kit');
    if (kit) {
      await plans.start(
        scope,
        kit,
        plan(ago(5), [target('Stay in class for the whole of morning lessons', '2 of 5 mornings a week', '5 of 5 mornings a week', ago(-56))], {
          involvement: null,
        }),
      );
      made += 1;
    }
    return made;
  });
}
