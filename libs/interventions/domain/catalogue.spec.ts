// The enums come from the domain files directly: the libraries' barrels would load their entities too.
import { FREQUENCY_PERIODS, STAFF_ROLES } from '#libs/vocabulary';
import { AREAS_OF_NEED } from '#libs/register';
import { INTERVENTION_CATALOGUE } from './catalogue.js';
import { MAX_SESSION_MINUTES } from './schedule.js';

describe('INTERVENTION_CATALOGUE', () => {
  it('has the common programmes, each once', () => {
    const names = INTERVENTION_CATALOGUE.map((e) => e.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const expected of [
      'NELI',
      'Catch Up Literacy',
      'Catch Up Numeracy',
      '1stClass@Number',
      'Reading Recovery',
      'Fresh Start',
      'Toe by Toe',
      'Precision Teaching',
      'Lexia',
      'ELSA',
      'LEGO-based therapy',
      'Talkabout',
      'Sensory circuits',
    ]) {
      expect(names.filter((n) => n.includes(expected))).toHaveLength(1);
    }
    expect(names).toHaveLength(13);
  });

  it.each(INTERVENTION_CATALOGUE.map((e) => [e.name, e] as const))('%s is valid against the enums and the database', (_, entry) => {
    expect(AREAS_OF_NEED).toContain(entry.areaOfNeed);
    expect(FREQUENCY_PERIODS).toContain(entry.frequencyPeriod);
    expect(STAFF_ROLES).toContain(entry.deliveringRole);
    for (const n of [entry.frequencyCount, entry.sessionMinutes, entry.groupSize]) {
      expect(Number.isInteger(n) && n >= 1).toBe(true);
    }
    expect(entry.sessionMinutes).toBeLessThanOrEqual(MAX_SESSION_MINUTES);
    if (entry.typicalWeeks !== null) expect(Number.isInteger(entry.typicalWeeks) && entry.typicalWeeks >= 1).toBe(true);
    // Column lengths of the interventions table.
    expect(entry.name.length).toBeLessThanOrEqual(200);
    expect(entry.suggestedMeasure.length).toBeLessThanOrEqual(100);
    // One plain sentence: a capital, a full stop, and no second sentence.
    expect(entry.description).toMatch(/^[A-Z0-9][^]*\.$/);
    expect(entry.description.slice(0, -1)).not.toMatch(/[.!?]\s/);
    expect(entry.evidenceNotes).toContain("programme's own guidance");
    expect(`${entry.description} ${entry.evidenceNotes}`).not.toMatch(/£|\bcost/i);
  });

  it('models the programmes as the brief describes them', () => {
    const byName = (part: string) => INTERVENTION_CATALOGUE.find((e) => e.name.includes(part))!;
    expect(byName('NELI')).toMatchObject({ frequencyCount: 3, frequencyPeriod: 'week', sessionMinutes: 30, groupSize: 6, typicalWeeks: 20 });
    expect(byName('NELI').evidenceNotes).toContain('two 15-minute one-to-one sessions');
    expect(byName('Catch Up Literacy')).toMatchObject({ frequencyCount: 2, frequencyPeriod: 'week', sessionMinutes: 15, groupSize: 1 });
    expect(byName('Catch Up Literacy').evidenceNotes).toContain('ratio gain');
    expect(byName('Reading Recovery')).toMatchObject({ frequencyPeriod: 'day', sessionMinutes: 30, groupSize: 1, deliveringRole: 'specialist_teacher' });
    expect(byName('ELSA').areaOfNeed).toBe('social_emotional_mental_health');
    expect(byName('Sensory circuits').areaOfNeed).toBe('sensory_and_physical');
    expect(byName('LEGO').groupSize).toBe(3);
  });
});
