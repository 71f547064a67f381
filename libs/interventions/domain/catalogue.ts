import type { FrequencyPeriod, StaffRole } from '#libs/vocabulary';
import type { AreaOfNeed } from '#libs/register';

/**
 * A programme a school can add to its own intervention list. The dose is the programme's usual one (the
 * lower bound where it gives a range, with the range in `evidenceNotes`); the school adjusts it and enters
 * its own costs, which vary too much between schools to suggest.
 */
export interface CatalogueEntry {
  name: string;
  areaOfNeed: AreaOfNeed;
  /** One plain sentence on what the programme is. */
  description: string;
  /** What the dose and impact evidence is, without invented figures; points to the programme's guidance. */
  evidenceNotes: string;
  frequencyCount: number;
  frequencyPeriod: FrequencyPeriod;
  sessionMinutes: number;
  /** The usual largest group; 1 for one-to-one. */
  groupSize: number;
  deliveringRole: StaffRole;
  /** The usual length of a run, or null when it runs until the pupil no longer needs it. */
  typicalWeeks: number | null;
  /** The entry and exit measure the programme suggests. */
  suggestedMeasure: string;
}

const CHECK_GUIDANCE = "Check the programme's own guidance for the current recommended dose and training.";

export const INTERVENTION_CATALOGUE: readonly CatalogueEntry[] = [
  {
    name: 'NELI (Nuffield Early Language Intervention)',
    areaOfNeed: 'communication_and_interaction',
    description: 'A structured oral language programme for Reception children, delivered by trained teaching assistants.',
    evidenceNotes:
      'The programme runs for 20 weeks: three 30-minute group sessions and two 15-minute one-to-one sessions a ' +
      'week. This entry models the group sessions; add the one-to-one sessions as a second provision. Groups are ' +
      'small (about 3 to 6). Children are usually chosen with the LanguageScreen assessment. NELI has been ' +
      'evaluated in EEF-funded randomised controlled trials; see the EEF report for the size of the effect. ' +
      CHECK_GUIDANCE,
    frequencyCount: 3,
    frequencyPeriod: 'week',
    sessionMinutes: 30,
    groupSize: 6,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 20,
    suggestedMeasure: 'LanguageScreen standardised score',
  },
  {
    name: 'Catch Up Literacy',
    areaOfNeed: 'cognition_and_learning',
    description: 'One-to-one reading sessions for pupils who struggle to read, built around a book matched to the pupil.',
    evidenceNotes:
      'Two 15-minute one-to-one sessions a week, continued for as long as the pupil needs them (usually several ' +
      'months). Impact is reported as a ratio gain: months of progress in reading age divided by months elapsed; ' +
      '1 is ordinary progress and 2 or more is usually read as good impact. ' +
      CHECK_GUIDANCE,
    frequencyCount: 2,
    frequencyPeriod: 'week',
    sessionMinutes: 15,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: null,
    suggestedMeasure: 'Reading age (months)',
  },
  {
    name: 'Catch Up Numeracy',
    areaOfNeed: 'cognition_and_learning',
    description: 'One-to-one sessions for pupils who find number difficult, targeted at the components of numeracy they find hardest.',
    evidenceNotes:
      'Two 15-minute one-to-one sessions a week, continued for as long as the pupil needs them (usually several ' +
      'months). Impact is reported as a ratio gain: months of progress in number age divided by months elapsed; ' +
      '1 is ordinary progress and 2 or more is usually read as good impact. ' +
      CHECK_GUIDANCE,
    frequencyCount: 2,
    frequencyPeriod: 'week',
    sessionMinutes: 15,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: null,
    suggestedMeasure: 'Number age (months)',
  },
  {
    name: '1stClass@Number',
    areaOfNeed: 'cognition_and_learning',
    description: 'A small-group mathematics programme for primary pupils who have fallen behind in number.',
    evidenceNotes:
      'A course of 24 to 30 sessions of 30 minutes for up to 4 pupils, usually about three a week over a term ' +
      '(8 to 10 weeks of teaching); this entry takes the shorter course. Progress is measured with entry and exit ' +
      'assessments. ' +
      CHECK_GUIDANCE,
    frequencyCount: 3,
    frequencyPeriod: 'week',
    sessionMinutes: 30,
    groupSize: 4,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 8,
    suggestedMeasure: 'Standardised score',
  },
  {
    name: 'Reading Recovery',
    areaOfNeed: 'cognition_and_learning',
    description: 'Daily one-to-one literacy lessons for the lowest-attaining young readers, usually in Year 1.',
    evidenceNotes:
      'A daily 30-minute one-to-one lesson for up to 20 weeks; many pupils finish sooner. It is taught by a ' +
      'teacher with Reading Recovery training, not a teaching assistant. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'day',
    sessionMinutes: 30,
    groupSize: 1,
    deliveringRole: 'specialist_teacher',
    typicalWeeks: 20,
    suggestedMeasure: 'Reading age (months)',
  },
  {
    name: 'Read Write Inc. Fresh Start',
    areaOfNeed: 'cognition_and_learning',
    description: 'A phonics-based catch-up reading and writing programme for pupils in Years 5 to 8.',
    evidenceNotes:
      'Daily sessions of 25 to 60 minutes, one-to-one or in a small group, for one to three terms depending on ' +
      'where the pupil starts; this entry takes the shortest session and one term. Pupils are placed and ' +
      'regrouped by the programme’s own assessments. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'day',
    sessionMinutes: 25,
    groupSize: 4,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 12,
    suggestedMeasure: 'Reading age (months)',
  },
  {
    name: 'Toe by Toe',
    areaOfNeed: 'cognition_and_learning',
    description: 'A structured phonics manual worked through one-to-one, page by page, by a pupil and an adult.',
    evidenceNotes:
      'Daily one-to-one sessions of no more than 20 minutes; the pupil works at their own pace through the book, ' +
      'so the length of a run varies. Independent evaluation is limited. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'day',
    sessionMinutes: 20,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: null,
    suggestedMeasure: 'Reading age (months)',
  },
  {
    name: 'Precision Teaching',
    areaOfNeed: 'cognition_and_learning',
    description: 'Short daily practice of a few items (such as words or number facts) with a timed probe to build fluency.',
    evidenceNotes:
      'Daily one-to-one sessions of 5 to 10 minutes, including a one-minute timed probe charted each day, until ' +
      'the pupil reaches the fluency aim for the items; this entry takes 5 minutes. It is a teaching method ' +
      'rather than a published programme, so the dose is set by the school. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'day',
    sessionMinutes: 5,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: null,
    suggestedMeasure: 'Correct responses per minute',
  },
  {
    name: 'Lexia',
    areaOfNeed: 'cognition_and_learning',
    description: 'An adaptive computer-based reading programme that each pupil works through individually on a device.',
    evidenceNotes:
      'At least three 20-minute sessions a week; the software sets each pupil’s recommended weekly minutes from ' +
      'their progress. Runs for a term or a year. Pupils work individually, usually with one adult supervising ' +
      'several, so the school may record a larger group. ' +
      CHECK_GUIDANCE,
    frequencyCount: 3,
    frequencyPeriod: 'week',
    sessionMinutes: 20,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 12,
    suggestedMeasure: 'Standardised score',
  },
  {
    name: 'ELSA (Emotional Literacy Support)',
    areaOfNeed: 'social_emotional_mental_health',
    description: 'Planned sessions with an Emotional Literacy Support Assistant to help a pupil understand and manage emotions.',
    evidenceNotes:
      'Weekly sessions of about 30 minutes, mostly one-to-one, for 6 to 12 weeks; this entry takes 6. ELSAs are ' +
      'teaching assistants trained and supervised by educational psychologists. Evidence is mainly from ' +
      'small-scale evaluations using pupil, parent and staff rating scales. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'week',
    sessionMinutes: 30,
    groupSize: 1,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 6,
    suggestedMeasure: 'Rating scale 1–5',
  },
  {
    name: 'LEGO-based therapy',
    areaOfNeed: 'communication_and_interaction',
    description: 'A social communication group in which three pupils build a model together as engineer, supplier and builder.',
    evidenceNotes:
      'Weekly sessions for a group of three, for example a run of 6 sessions; sessions are often 30 to 60 minutes ' +
      'and this entry takes 30. It was developed for autistic children; the research is mostly small studies. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'week',
    sessionMinutes: 30,
    groupSize: 3,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 6,
    suggestedMeasure: 'Rating scale 1–5',
  },
  {
    name: 'Talkabout',
    areaOfNeed: 'communication_and_interaction',
    description: 'A structured small-group programme that teaches social and relationship skills, starting with self-awareness.',
    evidenceNotes:
      'Weekly small-group sessions for about a term; sessions are often 30 to 60 minutes and this entry takes 30. ' +
      'The programme includes its own assessment, which rates each skill on a five-point scale before and after. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'week',
    sessionMinutes: 30,
    groupSize: 6,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: 12,
    suggestedMeasure: 'Rating scale 1–5',
  },
  {
    name: 'Sensory circuits',
    areaOfNeed: 'sensory_and_physical',
    description: 'A short daily sequence of alerting, organising and calming physical activities to help pupils get ready to learn.',
    evidenceNotes:
      'Daily sessions of 10 to 20 minutes at the start of the school day for a small group, continued for as long ' +
      'as they help; this entry takes 10 minutes. Best planned with advice from an occupational therapist; ' +
      'research evidence for sensory approaches is limited, so record the effect on each pupil. ' +
      CHECK_GUIDANCE,
    frequencyCount: 1,
    frequencyPeriod: 'day',
    sessionMinutes: 10,
    groupSize: 6,
    deliveringRole: 'teaching_assistant',
    typicalWeeks: null,
    suggestedMeasure: 'Rating scale 1–5',
  },
];
