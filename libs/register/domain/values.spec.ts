import { isPlausibleEmail, isPlausiblePhone, isUkMobile, parseBoolean, parseChannel, parseDate, parseGender, parseRelationship, quoteInput } from './values.js';

describe('parseDate', () => {
  it.each([
    ['2018-09-01', '2018-09-01'],
    ['01/09/2018', '2018-09-01'],
    ['1/9/2018', '2018-09-01'],
    ['01-09-2018', '2018-09-01'],
    ['01.09.2018', '2018-09-01'],
    [' 29/02/2024 ', '2024-02-29'],
    ['2018-9-1', '2018-09-01'],
  ])('%p → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it.each(['', '2025-02-30', '2025-13-01', '31/04/2025', '29/02/2025', '01/09/18', '09/01/2018x', '2018/09/01', '01/09-2018', 'tomorrow'])(
    'rejects %p',
    (raw) => {
      expect(parseDate(raw)).toBeNull();
    },
  );
});

describe('parseBoolean, parseGender, parseChannel', () => {
  it('reads yes/no words, blank as null', () => {
    for (const raw of ['Y', 'yes', 'TRUE', 't', '1']) expect(parseBoolean(raw)).toBe(true);
    for (const raw of ['n', 'No', 'false', 'F', '0']) expect(parseBoolean(raw)).toBe(false);
    expect(parseBoolean(' ')).toBeNull();
    expect(parseBoolean('maybe')).toBe('invalid');
  });

  it('reads the census genders only', () => {
    expect(['M', 'male', 'Boy'].map(parseGender)).toEqual(['M', 'M', 'M']);
    expect(['f', 'Female', 'GIRL'].map(parseGender)).toEqual(['F', 'F', 'F']);
    expect(parseGender('')).toBeNull();
    expect(parseGender('X')).toBe('invalid');
  });

  it('reads contact channels', () => {
    expect(['Email', 'e-mail', 'Text', 'SMS', 'Telephone', 'Letter', 'post'].map(parseChannel)).toEqual([
      'email',
      'email',
      'sms',
      'sms',
      'phone',
      'post',
      'post',
    ]);
    expect(parseChannel('')).toBeNull();
    expect(parseChannel('pigeon')).toBe('invalid');
  });
});

describe('parseRelationship', () => {
  it.each([
    ['Mother', 'mother'],
    ['Mum', 'mother'],
    ['Father', 'father'],
    ['dad', 'father'],
    ['Parent', 'parent'],
    ['Step-father', 'step_parent'],
    ['Stepmother', 'step_parent'],
    ['Foster carer', 'foster_carer'],
    ['Carer', 'carer'],
    ['Guardian', 'guardian'],
    ['Grandmother', 'grandparent'],
    ['Brother', 'sibling'],
    ['Social Worker', 'social_worker'],
    ['Aunt', 'other'],
    ['Family friend', 'other'],
  ])('%s → %s', (raw, relationship) => {
    expect(parseRelationship(raw)).toBe(relationship);
  });

  it('leaves a blank relationship to the caller', () => {
    expect(parseRelationship('  ')).toBeNull();
  });
});

describe('contact detail checks', () => {
  it('emails need a local part, an @ and a dotted domain', () => {
    expect(isPlausibleEmail('parent@example.org.uk')).toBe(true);
    for (const bad of ['parent', 'parent@example', 'par ent@example.org', '@example.org', 'a@b@c.org', 'a@.org']) {
      expect(isPlausibleEmail(bad)).toBe(false);
    }
  });

  it('phones have 7 to 15 digits; UK mobiles are recognised', () => {
    expect(isPlausiblePhone('07700 900123')).toBe(true);
    expect(isPlausiblePhone('+44 (0)20 7946 0000')).toBe(true);
    expect(isPlausiblePhone('12345')).toBe(false);
    expect(isPlausiblePhone('call me')).toBe(false);
    expect(isUkMobile('07700 900123')).toBe(true);
    expect(isUkMobile('+44 7700 900123')).toBe(true);
    expect(isUkMobile('020 7946 0000')).toBe(false);
  });

  it('quotes input, shortening long text', () => {
    expect(quoteInput('abc')).toBe("'abc'");
    expect(quoteInput('x'.repeat(50))).toBe(`'${'x'.repeat(40)}…'`);
  });
});
