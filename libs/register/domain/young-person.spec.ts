import { isYoungPerson, schoolLeavingDate } from './young-person.js';

describe('young person: over compulsory school age (Education Act 1996 s.8)', () => {
  it('ends compulsory school age on the last Friday in June of the school year the pupil turns 16', () => {
    // Born 2010-01-15: 16 on 2026-01-15, school year 2025/26; last Friday in June 2026 is the 26th.
    expect(schoolLeavingDate('2010-01-15')).toBe('2026-06-26');
    // Born in the autumn: 16 in the autumn of 2026, so the school year ends in June 2027 (last Friday: 25th).
    expect(schoolLeavingDate('2010-10-01')).toBe('2027-06-25');
    // A birthday in July or August, after the leaving date, still belongs to the school year that just ended.
    expect(schoolLeavingDate('2010-08-31')).toBe('2026-06-26');
    expect(schoolLeavingDate('2010-09-01')).toBe('2027-06-25');
    // 30 June 2028 is itself a Friday.
    expect(schoolLeavingDate('2012-03-03')).toBe('2028-06-30');
  });

  it('is a young person only from the day after the leaving date', () => {
    expect(isYoungPerson('2010-01-15', '2026-06-26')).toBe(false);
    expect(isYoungPerson('2010-01-15', '2026-06-27')).toBe(true);
    // Year 11, already 16 in January, is still of compulsory school age in May.
    expect(isYoungPerson('2010-01-15', '2026-05-01')).toBe(false);
    // A sixth-former in Year 12.
    expect(isYoungPerson('2009-11-20', '2026-12-04')).toBe(true);
    expect(isYoungPerson('2016-04-01', '2026-12-04')).toBe(false);
  });

  it('counts a 29 February birthday by its month', () => {
    expect(schoolLeavingDate('2008-02-29')).toBe('2024-06-28');
  });
});
