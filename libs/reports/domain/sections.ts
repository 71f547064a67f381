import type { ReportField, ReportSection } from './report.types.js';

/*
 * The sections of the SEN Information Report, in the order of the law.
 *
 * Children and Families Act 2014 s.69(2)–(3): the governing body or proprietor must prepare a report of
 * "SEN information", which is (a) the information prescribed by regulations — SI 2014/1530 reg 51 and
 * Schedule 1, items 1–13 — and (b) four disability items, s.69(3)(b)(i)–(iv). SEND Code of Practice
 * 6.79–6.83: published on the school website, updated annually, in-year changes published as soon as
 * possible. So a complete report has 13 + 4 = 17 sections; item 3 is one section with seven parts (a)–(g).
 *
 * Wording: the guidance quotes the regulations (in double quotes) so a SENCO writes to what the law asks,
 * not to our paraphrase. Items 1–7 and s.69(3)(b) were checked against the text on legislation.gov.uk;
 * items 8–13 were checked only against close secondary sources (docs/domain.md, "SEN Information Report", says the same), so check
 * their quotes against Schedule 1 before relying on the exact words.
 *
 * Items 2 and 4 are required only "in relation to mainstream schools and maintained nursery schools";
 * they are listed for every school here because the product serves mainstream schools.
 *
 * Item set 2 (from December 2026) adds what the SEND Code of Practice 6.79–6.83 expects the report to hold
 * beyond Schedule 1 (docs/domain.md, "SEN Information Report"): a link to the SEN policy, a named contact for
 * concerns, and the school's contribution to the Local Offer. The Code is statutory guidance ("should"), so
 * the product treats them as required. A version keeps the item set it was started under: published versions
 * are immutable, and a report started before set 2 is not re-judged against it.
 */

const REGS = 'SI 2014/1530 Sch. 1';
const CODE = 'SEND Code of Practice 6.79–6.83';
const ACT = 'Children and Families Act 2014 s.69(3)(b)';

/** A section with one text field under the same key: every section except item 3. */
const single = (key: string, heading: string, label: string, source: string, guidance: string): ReportSection => ({
  key,
  heading,
  source,
  guidance,
  fields: [{ key, label }],
});

export const REPORT_SECTIONS: readonly ReportSection[] = [
  single(
    'item1',
    'The kinds of special educational needs we provide for',
    'Kinds of SEN we provide for',
    `${REGS} para 1`,
    'The regulations ask for "the kinds of special educational needs for which provision is made at the school". ' +
      'Describe them under the four broad areas of need (communication and interaction; cognition and learning; ' +
      'social, emotional and mental health; sensory and/or physical), and say plainly if there are needs the ' +
      'school is not set up to meet.',
  ),
  single(
    'item2',
    'How we identify and assess pupils with special educational needs',
    'Identifying and assessing SEN',
    `${REGS} para 2`,
    'The regulations ask for "the school\'s policies for the identification and assessment of pupils with special ' +
      'educational needs". Explain who notices a concern, what assessments are used, how parents are told and how ' +
      'the decision to place a pupil on SEN support is made (Code of Practice 6.14–6.27 and 6.36–6.47).',
  ),
  {
    key: 'item3',
    heading: 'How we support pupils with special educational needs',
    source: `${REGS} para 3(a)–(g)`,
    guidance:
      'The regulations ask for "the school\'s policies for making provision for pupils with special educational ' +
      'needs whether or not pupils have EHC Plans", covering each of the seven parts below. Describe what actually ' +
      'happens in this school: name the interventions you offer, how often progress is reviewed (assess, plan, do, ' +
      'review) and how you know the support is working.',
    fields: [
      { key: 'item3a', label: '3(a) How we evaluate the effectiveness of our provision' },
      { key: 'item3b', label: '3(b) How we assess and review the progress of pupils with SEN' },
      { key: 'item3c', label: '3(c) Our approach to teaching pupils with SEN' },
      { key: 'item3d', label: '3(d) How we adapt the curriculum and learning environment' },
      { key: 'item3e', label: '3(e) Additional support for learning' },
      { key: 'item3f', label: '3(f) Taking part in all school activities, including physical activities, with other pupils' },
      { key: 'item3g', label: '3(g) Support for emotional, mental and social development' },
    ],
  },
  single(
    'item4',
    'Our special educational needs co-ordinator (SENCO)',
    'SENCO name and contact details',
    `${REGS} para 4`,
    'The regulations ask for "the name and contact details of the SEN co-ordinator". Give the name, a direct email ' +
      'address and telephone number, and the days the SENCO is in school, so parents know how to reach them.',
  ),
  single(
    'sen_policy',
    'Our SEN policy',
    'Link to the SEN policy',
    CODE,
    "The Code of Practice expects the report to link to the school's SEN policy (6.79–6.83). Give the direct web " +
      'address of the current policy and the date governors last reviewed it.',
  ),
  single(
    'concerns_contact',
    'Who to contact with a concern',
    'Named contact for concerns and complaints',
    CODE,
    "The Code of Practice expects a named person parents can contact with a concern about their child's SEN " +
      '(6.79–6.83). Give the name, role and how to reach them, and say who to go to if the concern is about the SENCO.',
  ),
  single(
    'item5',
    'Staff expertise and training',
    'Staff expertise, training and specialist expertise',
    `${REGS} para 5`,
    'The regulations ask for "the expertise and training of staff in relation to children and young people with ' +
      'special educational needs and … how specialist expertise will be secured". List recent training and ' +
      "qualifications (for example the SENCO's national qualification) and which outside specialists the school " +
      'can call on.',
  ),
  single(
    'item6',
    'Equipment and facilities',
    'Securing equipment and facilities',
    `${REGS} para 6`,
    'The regulations ask "how equipment and facilities to support children and young people with special ' +
      'educational needs will be secured". Say how a need for equipment is identified and funded (school budget, ' +
      'local authority, health services) and give examples of what is in place.',
  ),
  single(
    'item7',
    'Working with parents and carers',
    'Consulting and involving parents',
    `${REGS} para 7`,
    'The regulations ask for "the arrangements for consulting parents of children with special educational needs ' +
      'about, and involving such parents in, the education of their child". Say how often the SENCO or teachers meet ' +
      'parents (the Code of Practice expects at least three times a year, 6.65) and how parents help set and review ' +
      'outcomes.',
  ),
  single(
    'item8',
    'Involving pupils in their education',
    'Consulting and involving pupils',
    `${REGS} para 8`,
    'The regulations ask for "the arrangements for consulting young people with special educational needs about, ' +
      'and involving them in, their education". Describe how pupils give their views (pupil profiles, taking part in ' +
      'reviews) and how those views change what the school does.',
  ),
  single(
    'item9',
    'Complaints',
    'Complaints about SEN provision',
    `${REGS} para 9`,
    'The regulations ask for any "arrangements made by the governing body or the proprietor relating to the ' +
      'treatment of complaints from parents of pupils with special educational needs concerning the provision made ' +
      'at the school". Set out the steps in order (class teacher, SENCO, headteacher, governors) and link the ' +
      'complaints policy.',
  ),
  single(
    'item10',
    'Working with other services',
    'Involving other bodies',
    `${REGS} para 10`,
    'The regulations ask how the governing body "involves other bodies, including health and social services ' +
      'bodies, local authority support services and voluntary organisations", in meeting pupils\' needs and ' +
      'supporting their families. Name the services you actually work with (for example educational psychology, ' +
      'speech and language therapy, CAMHS) and how a referral is made.',
  ),
  single(
    'item11',
    'Support services for parents',
    'Contact details of support services for parents',
    `${REGS} para 11`,
    'The regulations ask for "the contact details of support services for the parents of pupils with special ' +
      'educational needs", including the local SEND information, advice and support service (SENDIASS). Give the ' +
      'SENDIASS telephone number, email and website, and any local parent carer forum.',
  ),
  single(
    'item12',
    'Moving between schools and preparing for adulthood',
    'Transfers between phases and preparing for adulthood',
    `${REGS} para 12`,
    'The regulations ask for "the school\'s arrangements for supporting pupils with special educational needs in a ' +
      'transfer between phases of education or in preparation for adulthood and independent living". Describe ' +
      'transition visits, how information is passed to the next school and, for older pupils, careers guidance and ' +
      'planning for adult life.',
  ),
  single(
    'item13',
    'The local offer',
    "Where the local authority's local offer is published",
    `${REGS} para 13`,
    'The regulations ask for "information on where the local authority\'s local offer is published". Give a direct ' +
      "link to the local authority's Local Offer page and say in a sentence what parents will find there.",
  ),
  single(
    'local_offer_contribution',
    'Our contribution to the Local Offer',
    "The school's contribution to the Local Offer",
    CODE,
    "The Code of Practice expects the report to set out the school's contribution to the local authority's Local " +
      'Offer (6.79–6.83). Say what the school offers that the Local Offer lists, and give the link to the local ' +
      "authority's Local Offer.",
  ),
  single(
    'disability_admissions',
    'Admission of disabled pupils',
    'Admission arrangements for disabled pupils',
    `${ACT}(i)`,
    'The Act asks for "the arrangements for the admission of disabled persons as pupils at the school". Explain ' +
      'that disabled pupils are admitted on the same terms as others, link the admissions policy and say how the ' +
      "school prepares for a disabled pupil joining. Say too that a school named in a child's EHC plan must admit " +
      'the child (Children and Families Act 2014 s.43).',
  ),
  single(
    'disability_treatment',
    'Preventing less favourable treatment of disabled pupils',
    'Steps to prevent less favourable treatment',
    `${ACT}(ii)`,
    'The Act asks for "the steps taken to prevent disabled pupils from being treated less favourably than other ' +
      'pupils". Describe the reasonable adjustments the school makes (Equality Act 2010) and give concrete examples, ' +
      'such as adjusted timetables, trips planned for every pupil or auxiliary aids.',
  ),
  single(
    'disability_facilities',
    'Facilities for disabled pupils',
    'Facilities to help disabled pupils access the school',
    `${ACT}(iii)`,
    'The Act asks for "the facilities provided to assist access to the school by disabled pupils". List what is in ' +
      'place (step-free access, accessible toilets, hearing loops, adapted equipment) and what is not, so families ' +
      'can plan.',
  ),
  single(
    'accessibility_plan',
    'Our accessibility plan',
    'The accessibility plan',
    `${ACT}(iv); Equality Act 2010 Sch. 10 para 3`,
    "The Act asks for the school's accessibility plan under Schedule 10 paragraph 3 of the Equality Act 2010: how " +
      "the school will increase disabled pupils' access to the curriculum, improve the physical environment and " +
      "make written information accessible. Summarise the plan's current priorities and link the full plan.",
  ),
];

/** The sections the Code of Practice 6.79–6.83 adds in item set 2. */
export const CODE_SECTION_KEYS: readonly string[] = ['sen_policy', 'concerns_contact', 'local_offer_contribution'];

/** The item set a new version is started under (sen_reports.item_set). */
export const CURRENT_ITEM_SET = 2;

/** Item set 1: the 17 sections of s.69 and Schedule 1, as reports published before set 2 were written. */
export const REPORT_SECTIONS_V1: readonly ReportSection[] = REPORT_SECTIONS.filter((s) => !CODE_SECTION_KEYS.includes(s.key));

/** The sections of a version's item set (a version with none recorded is of the current set). */
export function sectionsFor(itemSet: number | undefined): readonly ReportSection[] {
  return itemSet === 1 ? REPORT_SECTIONS_V1 : REPORT_SECTIONS;
}

/** Every text field of the report, in order: item 1, item 2, 3(a)–3(g), items 4–13 and the Code items, the four disability items. */
export const ALL_FIELDS: readonly ReportField[] = REPORT_SECTIONS.flatMap((section) => section.fields);

/**
 * Citation for one field, down to the part of item 3 ("SI 2014/1530 Sch. 1 para 3(a)"): ReportField has no
 * source of its own, and a SENCO checking part (f) should see exactly where it comes from.
 */
export const FIELD_SOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  REPORT_SECTIONS.flatMap((section) =>
    section.key === 'item3'
      ? section.fields.map((field) => [field.key, `${REGS} para 3(${field.key.slice('item3'.length)})`])
      : section.fields.map((field) => [field.key, section.source]),
  ),
);

/** Shorter than this after trimming is a placeholder ("TBC", "see website"), not content. */
export const MIN_FIELD_LENGTH = 20;

export interface MissingField {
  key: string;
  label: string;
  /** The key of the section the field belongs to, e.g. 'item3'. */
  section: string;
}

/**
 * The fields still to write, in report order: text missing, blank, or shorter than MIN_FIELD_LENGTH after
 * trimming. Every section of the version's item set is required (s.69; Sch. 1; Code 6.79–6.83), so a report
 * with any of these is not complete. Keys in `texts` that are not report fields are ignored.
 */
export function missingFields(texts: Record<string, string | null | undefined>, itemSet: number = CURRENT_ITEM_SET): MissingField[] {
  const missing: MissingField[] = [];
  for (const section of sectionsFor(itemSet)) {
    for (const field of section.fields) {
      const text = Object.hasOwn(texts, field.key) ? texts[field.key] : undefined;
      if (typeof text !== 'string' || text.trim().length < MIN_FIELD_LENGTH) {
        missing.push({ key: field.key, label: field.label, section: section.key });
      }
    }
  }
  return missing;
}
