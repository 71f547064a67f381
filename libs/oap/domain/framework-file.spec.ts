import { readJsonFramework } from './framework-file.js';

const header = {
  laCode: '886',
  name: 'Example OAP',
  version: 1,
  effectiveFrom: '2025-09-01',
  source: 'Example Council, Example OAP, 2025',
  scale: ['Universal', 'Targeted'],
};
const expectation = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  areaOfNeed: 'social_emotional_mental_health',
  text: 'A named adult checks in with the pupil each morning.',
  evidence: 'adjustment',
  ...extra,
});

describe('framework files', () => {
  it('reads a good file, keeping the scale level as the framework spells it', () => {
    const { file, errors } = readJsonFramework({ ...header, expectations: [expectation('S1', { level: 'universal' })] });
    expect(errors).toEqual([]);
    expect(file?.expectations).toEqual([expect.objectContaining({ code: 'S1', level: 'Universal', evidence: 'adjustment', interventionKind: null })]);
  });

  it('names the row of each bad expectation: unknown area, repeated code, level off the scale; nothing read', () => {
    const { file, errors } = readJsonFramework({
      ...header,
      expectations: [
        expectation('S1'),
        expectation('S2', { areaOfNeed: 'SEMHX' }),
        expectation('s1'),
        expectation('S4', { level: 'Range 9' }),
        expectation('S5', { evidence: 'intervention' }),
      ],
    });
    expect(file).toBeNull();
    expect(errors.map((e) => e.field)).toEqual(['row 2: areaOfNeed', 'row 3: code', 'row 4: level', 'row 5: interventionKind']);
    expect(errors[1]?.message).toMatch(/used already at row 1/);
    expect(errors[2]?.message).toMatch(/Universal, Targeted/);
  });

  it('refuses unknown fields, a bad LA code, a frequency without its period and NUL characters', () => {
    const { errors } = readJsonFramework({
      ...header,
      laCode: '88',
      extra: true,
      expectations: [expectation('S1', { evidence: 'intervention', interventionKind: 'ELSA', frequencyCount: 1, colour: 'red', text: 'a\u0000b' })],
    });
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['extra', 'laCode', 'row 1: colour', 'row 1: text', 'row 1: frequencyPeriod']));
  });

  it('refuses what is not a framework at all', () => {
    expect(readJsonFramework([]).errors).toEqual([{ field: 'body', message: 'must be a framework object' }]);
    expect(readJsonFramework({ ...header }).errors).toEqual([{ field: 'expectations', message: 'must be a list of expectations' }]);
  });
});
