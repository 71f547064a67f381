import { BUILT_IN_MAPPINGS, CONTACT_FIELDS, type ContactField, type ImportMapping } from './mappings.js';
import { parseImportRow } from './row-parser.js';

const today = '2026-10-01'; // academic year 2026/27
/** A SIMS-style layout with separate contact name columns ("Priority 1 Contact Forename"), as some reports give. */
const PRIORITY: Partial<Record<ContactField, string>> = {
  firstName: 'Forename',
  lastName: 'Surname',
  relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility',
  email: 'Email',
  phone: 'Telephone',
  preferredChannel: 'Preferred Contact Method',
  hasCare: 'Lives With',
};
const sims: ImportMapping = {
  name: 'sims-priority',
  pupil: {
    ...BUILT_IN_MAPPINGS.sims.pupil,
    yearGroup: 'Year',
    className: 'Reg',
    lookedAfter: 'In Care',
    primaryNeed: 'SEN Primary Need',
    secondaryNeed: 'SEN Secondary Need',
  },
  contacts: [1, 2, 3].map((n) => Object.fromEntries(CONTACT_FIELDS.flatMap((f) => (PRIORITY[f] ? [[f, `Priority ${n} Contact ${PRIORITY[f]}`]] : [])))),
};
const standard = BUILT_IN_MAPPINGS.standard;

/** A valid SIMS-style row for a Year 3 pupil on SEN support. */
const simsRow = (overrides: Record<string, string> = {}): Record<string, string> => ({
  UPN: 'B801200005001',
  'Legal Surname': 'Example',
  'Legal Forename': 'Alex',
  'Preferred Surname': '',
  'Preferred Forename': 'Al',
  DOB: '14/03/2019',
  Gender: 'M',
  Year: 'Year 3',
  Reg: '3B',
  'FSM Eligible': 'N',
  EAL: '',
  'In Care': 'No',
  'SEN Status': 'K',
  'SEN Primary Need': 'SLCN',
  'SEN Secondary Need': '',
  'SEN Start Date': '01/10/2025',
  'Priority 1 Contact Forename': 'Sam',
  'Priority 1 Contact Surname': 'Example',
  'Priority 1 Contact Relationship': 'Mum',
  'Priority 1 Contact Email': 'sam@example.org',
  'Priority 1 Contact Telephone': '07700 900123',
  'Priority 2 Contact Forename': '',
  'Priority 2 Contact Surname': '',
  'Priority 2 Contact Email': '',
  ...overrides,
});

const errorsOf = (result: ReturnType<typeof parseImportRow>) => (result.ok ? [] : result.errors);

describe('parseImportRow', () => {
  it('parses a complete valid row', () => {
    const result = parseImportRow(simsRow(), sims, today);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      row: {
        upn: 'B801200005001',
        legalFirstName: 'Alex',
        legalLastName: 'Example',
        preferredFirstName: 'Al',
        preferredLastName: null,
        dateOfBirth: '2019-03-14',
        yearGroup: '3',
        className: '3B',
        gender: 'M',
        fsm: false,
        eal: null,
        lookedAfter: false,
        admissionDate: null,
        leavingDate: null,
        sen: { status: 'K', primaryNeed: 'SLCN', secondaryNeed: null, startDate: '2025-10-01', ehcPlanDate: null },
        contacts: [
          {
            firstName: 'Sam',
            lastName: 'Example',
            relationship: 'mother',
            parentalResponsibility: true,
            hasCare: false,
            email: 'sam@example.org',
            phone: '07700 900123',
            preferredChannel: 'email',
          },
        ],
      },
    });
  });

  it('reports every problem in the row, each under the header the user sees', () => {
    const result = parseImportRow(
      simsRow({
        UPN: 'A801200005001',
        'Legal Forename': '',
        DOB: '2025-13-01',
        Year: 'Year 14',
        Reg: 'x'.repeat(33),
        Gender: 'X',
        'FSM Eligible': 'maybe',
        'SEN Status': 'P',
        'SEN Primary Need': 'BESD',
        'Priority 1 Contact Email': 'sam-at-example',
      }),
      sims,
      today,
    );
    expect(errorsOf(result)).toEqual([
      { field: 'UPN', message: 'UPN check letter should be B, not A — check for a typing error' },
      { field: 'Legal Forename', message: 'is blank but required' },
      { field: 'Year', message: "'Year 14' is not a year group; use N1, N2, R or 1 to 13" },
      { field: 'DOB', message: "'2025-13-01' is not a date; use dd/mm/yyyy or yyyy-mm-dd" },
      { field: 'Reg', message: 'is 33 characters long; the most allowed is 32' },
      { field: 'Gender', message: "'X' is not a gender the school census records; use M or F" },
      { field: 'FSM Eligible', message: "'maybe' is not yes or no; use Y or N" },
      { field: 'SEN Status', message: expect.stringContaining('School Action Plus') },
      { field: 'SEN Primary Need', message: expect.stringContaining('BESD') },
      { field: 'Priority 1 Contact Email', message: 'does not look like an email address' },
    ]);
  });

  it('checks the date of birth against the year group and today', () => {
    expect(errorsOf(parseImportRow(simsRow({ DOB: '01/05/2010' }), sims, today))).toEqual([
      {
        field: 'DOB',
        message: 'date of birth 2010-05-01 is not plausible for Year 3 in 2026/27 (expected between 2018-09-01 and 2019-08-31, give or take a year)',
      },
    ]);
    expect(errorsOf(parseImportRow(simsRow({ DOB: '02/10/2026', Year: 'N1' }), sims, today))).toEqual([
      { field: 'DOB', message: '2026-10-02 is in the future' },
    ]);
  });

  it('maps need/status rule errors onto the need columns', () => {
    expect(errorsOf(parseImportRow(simsRow({ 'SEN Primary Need': '', 'SEN Secondary Need': 'SEMH' }), sims, today))).toEqual([
      { field: 'SEN Primary Need', message: 'SEN support (K) needs a primary need' },
      { field: 'SEN Secondary Need', message: 'a secondary need needs a primary need' },
    ]);
    expect(errorsOf(parseImportRow(simsRow({ 'SEN Status': 'N', 'SEN Start Date': '' }), sims, today))).toEqual([
      { field: 'SEN Primary Need', message: 'a pupil with no SEN (N) cannot have a need recorded' },
    ]);
  });

  it('imports E without an EHC plan date as unknown, with a warning, and refuses a plan date otherwise', () => {
    const row = simsRow({ 'SEN Status': 'EHCP', 'SEN Primary Need': 'ASD' });
    const noDate = parseImportRow(row, sims, today);
    expect(noDate).toMatchObject({ ok: true, warnings: [{ field: 'EHC Plan Date', message: expect.stringMatching(/recorded as unknown/) }] });
    expect(noDate.ok && noDate.row.sen).toEqual({ status: 'E', primaryNeed: 'ASD', secondaryNeed: null, startDate: '2025-10-01', ehcPlanDate: null });
    const withDate = parseImportRow({ ...row, 'EHC Plan Date': '2024-06-30' }, sims, today);
    expect(withDate.ok && withDate.row.sen).toEqual({
      status: 'E',
      primaryNeed: 'ASD',
      secondaryNeed: null,
      startDate: '2025-10-01',
      ehcPlanDate: '2024-06-30',
    });
    expect(errorsOf(parseImportRow(simsRow({ 'EHC Plan Date': '2024-06-30' }), sims, today))).toEqual([
      { field: 'EHC Plan Date', message: 'is given but the SEN status is not E (EHC plan); record status E or clear the date' },
    ]);
  });

  it('refuses future admission and SEN start dates and a leaving date before admission', () => {
    const result = parseImportRow(simsRow({ 'Admission Date': '2026-10-02', 'SEN Start Date': '2027-01-01' }), sims, today);
    expect(errorsOf(result)).toEqual([
      { field: 'Admission Date', message: '2026-10-02 is in the future' },
      { field: 'SEN Start Date', message: '2027-01-01 is in the future' },
    ]);
    expect(errorsOf(parseImportRow(simsRow({ 'Admission Date': '01/09/2024', 'Leaving Date': '31/08/2024' }), sims, today))).toEqual([
      { field: 'Leaving Date', message: '2024-08-31 is before the admission date 2024-09-01' },
    ]);
    const future = parseImportRow(simsRow({ 'Admission Date': '01/09/2024', 'Leaving Date': '22/07/2027' }), sims, today);
    expect(future.ok && [future.row.admissionDate, future.row.leavingDate]).toEqual(['2024-09-01', '2027-07-22']);
  });

  it('enforces name lengths', () => {
    expect(errorsOf(parseImportRow(simsRow({ 'Legal Surname': 'x'.repeat(101) }), sims, today))).toEqual([
      { field: 'Legal Surname', message: 'is 101 characters long; the most allowed is 100' },
    ]);
  });

  it('leaves SEN as null when the file has no SEN status column, and absent flags as null', () => {
    const record = {
      UPN: 'B801200005001',
      'Legal Forename': 'Alex',
      'Legal Surname': 'Example',
      'Date of Birth': '2019-03-14',
      'Year Group': '3',
    };
    const result = parseImportRow(record, standard, today);
    expect(result.ok && result.row).toMatchObject({ sen: null, fsm: null, eal: null, lookedAfter: null, gender: null, className: null, contacts: [] });
    const blankStatus = parseImportRow({ ...record, 'SEN Status': '' }, standard, today);
    expect(blankStatus.ok && blankStatus.row.sen).toEqual({ status: 'N', primaryNeed: null, secondaryNeed: null, startDate: null, ehcPlanDate: null });
  });

  it('matches record headers ignoring case and whitespace, quoting the file spelling', () => {
    const record = { upn: 'B801200005001', 'legal forename': 'Alex', 'LEGAL SURNAME': 'Example', dob: 'soon', year: '3' };
    expect(errorsOf(parseImportRow(record, sims, today))).toEqual([{ field: 'dob', message: "'soon' is not a date; use dd/mm/yyyy or yyyy-mm-dd" }]);
  });
});

describe('parseImportRow contacts', () => {
  const contact = (fields: Record<string, string>) => {
    const record = simsRow();
    for (const key of Object.keys(record)) if (key.startsWith('Priority 1 ')) record[key] = '';
    for (const [field, value] of Object.entries(fields)) record[`Priority 1 Contact ${field}`] = value;
    return parseImportRow(record, sims, today);
  };

  it('skips entirely blank contact groups', () => {
    const result = contact({});
    expect(result.ok && result.row.contacts).toEqual([]);
  });

  it('needs a first and last name once any contact value is given', () => {
    expect(errorsOf(contact({ Email: 'sam@example.org' }))).toEqual([
      { field: 'Priority 1 Contact Forename', message: 'is blank but required' },
      { field: 'Priority 1 Contact Surname', message: 'is blank but required' },
    ]);
  });

  it('defaults parental responsibility from the relationship and reads it when given', () => {
    const pr = (fields: Record<string, string>) => {
      const result = contact({ Forename: 'Sam', Surname: 'Example', ...fields });
      return result.ok ? result.row.contacts[0]!.parentalResponsibility : errorsOf(result);
    };
    expect(pr({ Relationship: 'Father' })).toBe(true);
    expect(pr({ Relationship: 'Guardian' })).toBe(true);
    expect(pr({ Relationship: 'Grandmother' })).toBe(false);
    expect(pr({ Relationship: 'Step-father' })).toBe(false);
    expect(pr({})).toBe(false); // blank relationship is recorded as 'other'
    expect(pr({ Relationship: 'Grandmother', 'Parental Responsibility': 'Yes' })).toBe(true);
    expect(pr({ Relationship: 'Mother', 'Parental Responsibility': 'N' })).toBe(false);
    expect(pr({ 'Parental Responsibility': 'sometimes' })).toEqual([
      { field: 'Priority 1 Contact Parental Responsibility', message: "'sometimes' is not yes or no; use Y or N" },
    ]);
  });

  it('reads whether a contact has care of the pupil (Education Act 1996 s.576); blank: only a foster carer has', () => {
    const care = (fields: Record<string, string>) => {
      const result = contact({ Forename: 'Sam', Surname: 'Example', ...fields });
      return result.ok ? result.row.contacts[0]!.hasCare : errorsOf(result);
    };
    expect(care({ Relationship: 'Foster carer' })).toBe(true);
    expect(care({ Relationship: 'Grandmother' })).toBe(false);
    expect(care({ Relationship: 'Grandmother', 'Lives With': 'Y' })).toBe(true);
    expect(care({ Relationship: 'Foster carer', 'Lives With': 'No' })).toBe(false);
    expect(care({ 'Lives With': 'often' })).toEqual([{ field: 'Priority 1 Contact Lives With', message: "'often' is not yes or no; use Y or N" }]);
  });

  it('defaults the channel to email, then SMS for a mobile or phone for a landline, then post', () => {
    const channel = (fields: Record<string, string>) => {
      const result = contact({ Forename: 'Sam', Surname: 'Example', ...fields });
      return result.ok ? result.row.contacts[0]!.preferredChannel : errorsOf(result);
    };
    expect(channel({ Email: 'sam@example.org', Telephone: '07700 900123' })).toBe('email');
    expect(channel({ Telephone: '07700 900123' })).toBe('sms');
    expect(channel({ Telephone: '020 7946 0000' })).toBe('phone');
    expect(channel({})).toBe('post');
    expect(channel({ Telephone: '020 7946 0000', 'Preferred Contact Method': 'Letter' })).toBe('post');
  });

  it('refuses a chosen channel without the detail it needs, or an unknown one', () => {
    expect(errorsOf(contact({ Forename: 'Sam', Surname: 'Example', 'Preferred Contact Method': 'Email' }))).toEqual([
      { field: 'Priority 1 Contact Preferred Contact Method', message: 'is email but no email address is given' },
    ]);
    expect(errorsOf(contact({ Forename: 'Sam', Surname: 'Example', 'Preferred Contact Method': 'Text' }))).toEqual([
      { field: 'Priority 1 Contact Preferred Contact Method', message: 'is SMS but no phone number is given' },
    ]);
    expect(errorsOf(contact({ Forename: 'Sam', Surname: 'Example', Telephone: '12', 'Preferred Contact Method': 'pigeon' }))).toEqual([
      { field: 'Priority 1 Contact Telephone', message: 'does not look like a phone number' },
      { field: 'Priority 1 Contact Preferred Contact Method', message: "'pigeon' is not a contact method; use email, SMS, phone or post" },
    ]);
  });
});

describe('full-name columns', () => {
  const mapping: ImportMapping = {
    name: 'one-name',
    pupil: { upn: 'UPN', legalFullName: 'Pupil Name', dateOfBirth: 'DOB', yearGroup: 'Year' },
    contacts: [{ fullName: 'Contact 1 Name', email: 'Contact 1 Email' }],
  };
  const row = (pupil: string, parent: string) => ({
    UPN: 'B801200005001',
    'Pupil Name': pupil,
    DOB: '14/03/2019',
    Year: '3',
    'Contact 1 Name': parent,
    'Contact 1 Email': 'sam@example.org',
  });

  it('splits the pupil and contact names into forename and surname', () => {
    const result = parseImportRow(row('Example, Alex', 'Mrs Sam Example'), mapping, today);
    expect(result.ok && [result.row.legalFirstName, result.row.legalLastName]).toEqual(['Alex', 'Example']);
    expect(result.ok && result.row.contacts[0]).toMatchObject({ firstName: 'Sam', lastName: 'Example' });
    const surnameFirst = parseImportRow(row('EXAMPLE Alex', 'EXAMPLE Sam'), { ...mapping, surnamePosition: 'first' }, today);
    expect(surnameFirst.ok && surnameFirst.row.contacts[0]).toMatchObject({ firstName: 'Sam', lastName: 'EXAMPLE' });
  });

  it('refuses a name that cannot be split, naming the column, rather than repeating it as both parts', () => {
    expect(errorsOf(parseImportRow(row('Alex Example', 'Parent'), mapping, today))).toEqual([
      { field: 'Contact 1 Name', message: 'holds one name only; a forename and a surname are both needed' },
    ]);
  });
});
