import { BUILT_IN_MAPPINGS, CONTACT_FIELDS, PUPIL_FIELDS, resolveMapping, validateMappingDefinition, type ImportMapping } from './mappings.js';

const standardHeaders = () => [
  ...Object.values(BUILT_IN_MAPPINGS.standard.pupil),
  ...BUILT_IN_MAPPINGS.standard.contacts.flatMap((group) => Object.values(group)),
];

describe('BUILT_IN_MAPPINGS', () => {
  it('map every pupil field and three contact groups with names, each to a distinct header', () => {
    for (const mapping of Object.values(BUILT_IN_MAPPINGS)) {
      // Every layout has separate legal name columns, so none also names a full-name column.
      expect(Object.keys(mapping.pupil).sort()).toEqual(PUPIL_FIELDS.filter((f) => f !== 'legalFullName').sort());
      expect(mapping.contacts).toHaveLength(3);
      for (const group of mapping.contacts) {
        expect(Object.keys(group).every((f) => (CONTACT_FIELDS as readonly string[]).includes(f))).toBe(true);
        expect(group.fullName !== undefined || (group.firstName !== undefined && group.lastName !== undefined)).toBe(true);
      }
      const headers = [...Object.values(mapping.pupil), ...mapping.contacts.flatMap((group) => Object.values(group))];
      expect(new Set(headers.map((h) => h.toLowerCase())).size).toBe(headers.length);
      expect(validateMappingDefinition(mapping)).toEqual([]);
    }
  });

  it('use the product export headers for the standard format', () => {
    expect(BUILT_IN_MAPPINGS.standard.pupil.dateOfBirth).toBe('Date of Birth');
    expect(BUILT_IN_MAPPINGS.standard.contacts[0]!.firstName).toBe('Contact 1 Forename');
    expect(BUILT_IN_MAPPINGS.standard.contacts[2]!.preferredChannel).toBe('Contact 3 Preferred Channel');
    expect(BUILT_IN_MAPPINGS.sims.pupil.dateOfBirth).toBe('DOB');
    // The headers of the pilot school's SIMS export (issue 17).
    expect(BUILT_IN_MAPPINGS.sims.pupil).toMatchObject({ yearGroup: 'Year Group', className: 'Reg Group', lookedAfter: 'Looked After' });
    expect(BUILT_IN_MAPPINGS.sims.contacts[0]!.fullName).toBe('Contact 1 Name');
    expect(BUILT_IN_MAPPINGS.arbor.pupil.primaryNeed).toBe('Primary SEN need');
  });
});

describe('resolveMapping', () => {
  it('matches headers ignoring case and whitespace and names them as the file spells them', () => {
    const { errors, present } = resolveMapping(['upn', 'LEGAL FORENAME', 'LegalSurname', 'date of birth', 'Year  Group'], BUILT_IN_MAPPINGS.standard);
    expect(errors).toEqual([]);
    expect(present.pupil).toEqual({
      upn: 'upn',
      legalFirstName: 'LEGAL FORENAME',
      legalLastName: 'LegalSurname',
      dateOfBirth: 'date of birth',
      yearGroup: 'Year  Group',
    });
    expect(present.contacts).toEqual([]);
  });

  it('reports each missing required column by its mapped header', () => {
    const { errors } = resolveMapping(['UPN', 'Legal Forename', 'Class'], BUILT_IN_MAPPINGS.standard);
    expect(errors).toEqual([
      "the file has no 'Legal Surname' column, which is required",
      "the file has no 'Date of Birth' column, which is required",
      "the file has no 'Year Group' column, which is required",
    ]);
  });

  it('counts a contact group as present when any of its columns is', () => {
    const headers = ['UPN', 'Legal Forename', 'Legal Surname', 'DOB', 'Year Group', 'Contact 2 Email'];
    const { errors, present } = resolveMapping(headers, BUILT_IN_MAPPINGS.sims);
    expect(errors).toEqual([]);
    expect(present.contacts).toEqual([{ email: 'Contact 2 Email' }]);
  });

  it('keeps every column of a full standard file', () => {
    const { errors, present } = resolveMapping(standardHeaders(), BUILT_IN_MAPPINGS.standard);
    expect(errors).toEqual([]);
    expect(present).toEqual(BUILT_IN_MAPPINGS.standard);
  });

  it('refuses SEN details without a SEN status column', () => {
    const headers = ['UPN', 'Legal Forename', 'Legal Surname', 'Date of Birth', 'Year Group', 'Primary Need'];
    expect(resolveMapping(headers, BUILT_IN_MAPPINGS.standard).errors).toEqual([
      "the file has a 'Primary Need' column but no 'SEN Status' column; SEN details can only be imported with a status",
    ]);
  });

  it('reports a required field the mapping itself leaves out', () => {
    const mapping: ImportMapping = { name: 'mine', pupil: { upn: 'UPN', legalFirstName: 'F', legalLastName: 'L', dateOfBirth: 'D' }, contacts: [] };
    expect(resolveMapping(['UPN', 'F', 'L', 'D'], mapping).errors).toEqual(["the mapping 'mine' does not say which column holds yearGroup"]);
  });
});

describe('validateMappingDefinition', () => {
  const valid = {
    name: 'Our MIS',
    pupil: { upn: 'UPN', legalFirstName: 'First', legalLastName: 'Last', dateOfBirth: 'DOB', yearGroup: 'NC Year' },
    contacts: [{ firstName: 'Parent first', lastName: 'Parent last', email: 'Parent email' }],
  };

  it('accepts a well-formed mapping, with or without contacts', () => {
    expect(validateMappingDefinition(valid)).toEqual([]);
    expect(validateMappingDefinition({ name: valid.name, pupil: valid.pupil })).toEqual([]);
  });

  it('names every problem by its path', () => {
    const input = {
      name: '',
      colour: 'red',
      pupil: { upn: 'UPN', legalFirstName: 'x'.repeat(101), legalLastName: 7, dateOfBirth: 'DOB', shoeSize: 'Shoe' },
      contacts: [{ firstName: 'A', lastName: 'B', fax: 'Fax' }, 'nope', { email: '  ' }],
    };
    expect(validateMappingDefinition(input)).toEqual([
      { field: 'colour', message: 'unknown field' },
      { field: 'name', message: 'must be text of 1 to 100 characters' },
      { field: 'pupil.legalFirstName', message: 'must be text of 1 to 100 characters' },
      { field: 'pupil.legalLastName', message: 'must be text of 1 to 100 characters' },
      { field: 'pupil.shoeSize', message: 'unknown field' },
      { field: 'pupil.yearGroup', message: 'is required' },
      { field: 'contacts[0].fax', message: 'unknown field' },
      { field: 'contacts[1]', message: 'must be an object mapping contact fields to column headers' },
      { field: 'contacts[2].email', message: 'must be text of 1 to 100 characters' },
      { field: 'contacts[2].firstName', message: 'is required (or map one full-name column to fullName)' },
      { field: 'contacts[2].lastName', message: 'is required (or map one full-name column to fullName)' },
    ]);
  });

  it('takes one full-name column instead of forename and surname, but never one column as both', () => {
    const fullNames = {
      name: 'x',
      pupil: { upn: 'UPN', legalFullName: 'Name', dateOfBirth: 'DOB', yearGroup: 'Year' },
      contacts: [{ fullName: 'Contact 1 Name' }],
      surnamePosition: 'first',
    };
    expect(validateMappingDefinition(fullNames)).toEqual([]);
    const sameColumn = { ...valid, contacts: [{ firstName: 'Contact 1 Name', lastName: 'Contact 1 Name' }] };
    expect(validateMappingDefinition(sameColumn)).toEqual([
      {
        field: 'contacts[0].lastName',
        message: "the forename and surname cannot both be the column 'Contact 1 Name'; map it to contacts[0].fullName and it is split into the two",
      },
    ]);
    expect(validateMappingDefinition({ ...valid, surnamePosition: 'middle' })).toEqual([{ field: 'surnamePosition', message: 'must be first or last' }]);
  });

  it('allows at most five contact groups', () => {
    const group = { firstName: 'A', lastName: 'B' };
    expect(validateMappingDefinition({ ...valid, contacts: Array(5).fill(group) })).toEqual([]);
    expect(validateMappingDefinition({ ...valid, contacts: Array(6).fill(group) })).toEqual([{ field: 'contacts', message: 'at most 5 contact groups' }]);
  });

  it('refuses input of the wrong shape', () => {
    expect(validateMappingDefinition(null)).toEqual([{ field: '', message: 'a mapping must be an object with name, pupil and contacts' }]);
    expect(validateMappingDefinition({ name: 'x', pupil: [], contacts: {} })).toEqual([
      { field: 'pupil', message: 'must be an object mapping pupil fields to column headers' },
      { field: 'contacts', message: 'must be a list of contact column groups' },
    ]);
  });
});
