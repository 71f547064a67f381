import {
  ALL_FIELDS,
  CODE_SECTION_KEYS,
  CURRENT_ITEM_SET,
  FIELD_SOURCES,
  MIN_FIELD_LENGTH,
  REPORT_SECTIONS,
  REPORT_SECTIONS_V1,
  missingFields,
  sectionsFor,
} from './sections.js';

/** Item set 1: the 17 sections of s.69 and Schedule 1. */
const V1_SECTION_KEYS = [
  'item1',
  'item2',
  'item3',
  'item4',
  'item5',
  'item6',
  'item7',
  'item8',
  'item9',
  'item10',
  'item11',
  'item12',
  'item13',
  'disability_admissions',
  'disability_treatment',
  'disability_facilities',
  'accessibility_plan',
];
/** Item set 2 adds the Code of Practice 6.79–6.83 items beside the Schedule 1 items they belong with. */
const SECTION_KEYS = [
  'item1',
  'item2',
  'item3',
  'item4',
  'sen_policy',
  'concerns_contact',
  'item5',
  'item6',
  'item7',
  'item8',
  'item9',
  'item10',
  'item11',
  'item12',
  'item13',
  'local_offer_contribution',
  'disability_admissions',
  'disability_treatment',
  'disability_facilities',
  'accessibility_plan',
];
const FIELD_KEYS = [
  'item1',
  'item2',
  'item3a',
  'item3b',
  'item3c',
  'item3d',
  'item3e',
  'item3f',
  'item3g',
  'item4',
  'sen_policy',
  'concerns_contact',
  'item5',
  'item6',
  'item7',
  'item8',
  'item9',
  'item10',
  'item11',
  'item12',
  'item13',
  'local_offer_contribution',
  'disability_admissions',
  'disability_treatment',
  'disability_facilities',
  'accessibility_plan',
];

const LONG = 'A full paragraph written by the SENCO.';
const complete = () => Object.fromEntries(FIELD_KEYS.map((key) => [key, LONG]));

describe('REPORT_SECTIONS', () => {
  it('has the 17 required sections in the order of the regulations, then s.69(3)(b), and the three Code items', () => {
    expect(REPORT_SECTIONS.map((s) => s.key)).toEqual(SECTION_KEYS);
    expect(REPORT_SECTIONS_V1.map((s) => s.key)).toEqual(V1_SECTION_KEYS);
    expect(CODE_SECTION_KEYS).toEqual(['sen_policy', 'concerns_contact', 'local_offer_contribution']);
  });

  it('keeps a version to the item set it started under: set 1 for older versions, the current set otherwise', () => {
    expect(CURRENT_ITEM_SET).toBe(2);
    expect(sectionsFor(1)).toBe(REPORT_SECTIONS_V1);
    expect(sectionsFor(2)).toBe(REPORT_SECTIONS);
    expect(sectionsFor(undefined)).toBe(REPORT_SECTIONS);
  });

  it('gives the Code items guidance and source: the SEN policy link, a named contact, the Local Offer contribution', () => {
    const code = REPORT_SECTIONS.filter((s) => CODE_SECTION_KEYS.includes(s.key));
    for (const s of code) expect(s.source).toBe('SEND Code of Practice 6.79–6.83');
    expect(code[0]!.guidance).toMatch(/SEN policy/);
    expect(code[1]!.guidance).toMatch(/named person/);
    expect(code[2]!.guidance).toMatch(/link to the local authority's Local Offer/);
  });

  it('cites the Code on identification (6.14–6.27, 6.36–6.47) and CFA 2014 s.43 on admissions', () => {
    expect(REPORT_SECTIONS.find((s) => s.key === 'item2')!.guidance).toMatch(/6\.14–6\.27 and 6\.36–6\.47/);
    expect(REPORT_SECTIONS.find((s) => s.key === 'disability_admissions')!.guidance).toMatch(
      /named in a child's EHC plan must admit the child \(Children and Families Act 2014 s\.43\)/,
    );
  });

  it('has 26 fields in order with unique keys; ALL_FIELDS follows the sections', () => {
    expect(ALL_FIELDS.map((f) => f.key)).toEqual(FIELD_KEYS);
    expect(new Set(FIELD_KEYS).size).toBe(26);
    expect(ALL_FIELDS).toEqual(REPORT_SECTIONS.flatMap((s) => s.fields));
  });

  it('gives item 3 seven parts a–g, each labelled with its part', () => {
    const item3 = REPORT_SECTIONS.find((s) => s.key === 'item3')!;
    expect(item3.fields.map((f) => f.label.slice(0, 4))).toEqual(['3(a)', '3(b)', '3(c)', '3(d)', '3(e)', '3(f)', '3(g)']);
    expect(item3.fields.find((f) => f.key === 'item3f')!.label).toMatch(/physical activities/);
  });

  it('gives every other section one field under its own key', () => {
    for (const section of REPORT_SECTIONS.filter((s) => s.key !== 'item3')) {
      expect(section.fields.map((f) => f.key)).toEqual([section.key]);
    }
  });

  it('cites Schedule 1 for items 1–13 and s.69(3)(b) for the disability items', () => {
    for (let n = 1; n <= 13; n++) {
      const section = REPORT_SECTIONS.find((s) => s.key === `item${n}`)!;
      expect(section.source).toMatch(new RegExp(`^SI 2014/1530 Sch\\. 1 para ${n}(\\(|$)`));
    }
    expect(REPORT_SECTIONS_V1.slice(13).map((s) => s.source)).toEqual([
      'Children and Families Act 2014 s.69(3)(b)(i)',
      'Children and Families Act 2014 s.69(3)(b)(ii)',
      'Children and Families Act 2014 s.69(3)(b)(iii)',
      'Children and Families Act 2014 s.69(3)(b)(iv); Equality Act 2010 Sch. 10 para 3',
    ]);
    expect(FIELD_SOURCES['item3a']).toBe('SI 2014/1530 Sch. 1 para 3(a)');
    expect(FIELD_SOURCES['item3g']).toBe('SI 2014/1530 Sch. 1 para 3(g)');
    expect(FIELD_SOURCES['item11']).toBe('SI 2014/1530 Sch. 1 para 11');
    expect(Object.keys(FIELD_SOURCES)).toEqual(FIELD_KEYS);
  });

  it('has a heading and two or three sentences of guidance for each section', () => {
    for (const section of REPORT_SECTIONS) {
      expect(section.heading.length).toBeGreaterThan(5);
      const sentences = section.guidance.split(/(?<=[.!?])\s+(?=[A-Z])/);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
    }
    expect(REPORT_SECTIONS.find((s) => s.key === 'item11')!.guidance).toMatch(/SENDIASS/);
    expect(REPORT_SECTIONS.find((s) => s.key === 'item13')!.guidance).toMatch(/Local Offer/);
  });
});

describe('missingFields', () => {
  it('lists every field, in order, when nothing is written', () => {
    const missing = missingFields({});
    expect(missing.map((m) => m.key)).toEqual(FIELD_KEYS);
    expect(missing[2]).toEqual({ key: 'item3a', label: '3(a) How we evaluate the effectiveness of our provision', section: 'item3' });
    expect(missing[25]).toEqual({ key: 'accessibility_plan', label: 'The accessibility plan', section: 'accessibility_plan' });
  });

  it('requires the Code items of item set 2 but not of a version written to item set 1', () => {
    const v1Complete = Object.fromEntries(FIELD_KEYS.filter((k) => !CODE_SECTION_KEYS.includes(k)).map((key) => [key, LONG]));
    expect(missingFields(v1Complete, 1)).toEqual([]);
    expect(missingFields(v1Complete).map((m) => m.key)).toEqual(['sen_policy', 'concerns_contact', 'local_offer_contribution']);
  });

  it('lists nothing for a complete report', () => {
    expect(missingFields(complete())).toEqual([]);
  });

  it('counts null, undefined, blank, whitespace-only and placeholder text as missing', () => {
    const texts: Record<string, string | null | undefined> = {
      ...complete(),
      item1: null,
      item3c: undefined,
      item4: '',
      item7: ' \n\t ',
      item11: 'TBC',
      accessibility_plan: `   ${'x'.repeat(MIN_FIELD_LENGTH - 1)}   `,
    };
    expect(missingFields(texts).map((m) => m.key)).toEqual(['item1', 'item3c', 'item4', 'item7', 'item11', 'accessibility_plan']);
  });

  it('accepts text of exactly the minimum length after trimming, and ignores unknown keys', () => {
    const texts = { ...complete(), item9: `  ${'x'.repeat(MIN_FIELD_LENGTH)}  `, notAField: '' };
    expect(missingFields(texts)).toEqual([]);
    expect(MIN_FIELD_LENGTH).toBe(20);
  });
});
