import { ALL_FIELDS, FIELD_SOURCES, MIN_FIELD_LENGTH, REPORT_SECTIONS, missingFields } from './sections.js';

const SECTION_KEYS = [
  'item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7', 'item8', 'item9', 'item10', 'item11', 'item12',
  'item13', 'disability_admissions', 'disability_treatment', 'disability_facilities', 'accessibility_plan',
];
const FIELD_KEYS = [
  'item1', 'item2', 'item3a', 'item3b', 'item3c', 'item3d', 'item3e', 'item3f', 'item3g', 'item4', 'item5', 'item6',
  'item7', 'item8', 'item9', 'item10', 'item11', 'item12', 'item13',
  'disability_admissions', 'disability_treatment', 'disability_facilities', 'accessibility_plan',
];

const LONG = 'A full paragraph written by the SENCO.';
const complete = () => Object.fromEntries(FIELD_KEYS.map((key) => [key, LONG]));

describe('REPORT_SECTIONS', () => {
  it('has the 17 required sections in the order of the regulations, then s.69(3)(b)', () => {
    expect(REPORT_SECTIONS.map((s) => s.key)).toEqual(SECTION_KEYS);
  });

  it('has 23 fields in order with unique keys; ALL_FIELDS follows the sections', () => {
    expect(ALL_FIELDS.map((f) => f.key)).toEqual(FIELD_KEYS);
    expect(new Set(FIELD_KEYS).size).toBe(23);
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
    expect(REPORT_SECTIONS.slice(13).map((s) => s.source)).toEqual([
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
    expect(missing[22]).toEqual({ key: 'accessibility_plan', label: 'The accessibility plan', section: 'accessibility_plan' });
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
