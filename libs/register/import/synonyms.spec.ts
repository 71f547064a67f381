import { resolveMapping, validateMappingDefinition } from './mappings.js';
import { suggestMapping } from './synonyms.js';

describe('suggestMapping', () => {
  it('maps the headers of a SIMS-style export the built-in layouts missed', () => {
    const headers = [
      'UPN',
      'Legal Surname',
      'Legal Forename',
      'DOB',
      'Year Group',
      'Reg Group',
      'Looked After',
      'SEN Status',
      'Primary Need',
      'SEN Start Date',
      'Contact 1 Name',
      'Contact 1 Email',
      'Contact 1 Relationship',
      'Contact 2 Name',
    ];
    const mapping = suggestMapping(headers);
    expect(mapping.pupil).toEqual({
      upn: 'UPN',
      legalFirstName: 'Legal Forename',
      legalLastName: 'Legal Surname',
      dateOfBirth: 'DOB',
      yearGroup: 'Year Group',
      className: 'Reg Group',
      lookedAfter: 'Looked After',
      senStatus: 'SEN Status',
      primaryNeed: 'Primary Need',
      senStartDate: 'SEN Start Date',
    });
    expect(mapping.contacts).toEqual([
      { fullName: 'Contact 1 Name', relationship: 'Contact 1 Relationship', email: 'Contact 1 Email' },
      { fullName: 'Contact 2 Name' },
    ]);
    expect(validateMappingDefinition(mapping)).toEqual([]);
    expect(resolveMapping(headers, mapping).errors).toEqual([]);
  });

  it('knows the common spellings of each field, ignoring case and punctuation', () => {
    const field = (header: string) => Object.entries(suggestMapping([header]).pupil)[0]?.[0];
    expect(['Year', 'NC Year', 'year group', 'National Curriculum Year'].map(field)).toEqual(['yearGroup', 'yearGroup', 'yearGroup', 'yearGroup']);
    expect(['Reg', 'Form', 'Registration Group', 'Tutor Group'].map(field)).toEqual(['className', 'className', 'className', 'className']);
    expect(['In Care', 'CLA', 'Looked-After'].map(field)).toEqual(['lookedAfter', 'lookedAfter', 'lookedAfter']);
    expect(['D.O.B.', 'Date of Birth'].map(field)).toEqual(['dateOfBirth', 'dateOfBirth']);
    expect(field('Favourite Colour')).toBeUndefined();
  });

  it('reads contact prefixes of each MIS style', () => {
    const mapping = suggestMapping([
      'Priority 1 Contact Name',
      'Priority 1 Contact Telephone',
      'Guardian 2 first name',
      'Guardian 2 last name',
      'Contact 9 Email',
    ]);
    expect(mapping.contacts).toEqual([
      { fullName: 'Priority 1 Contact Name', phone: 'Priority 1 Contact Telephone' },
      { firstName: 'Guardian 2 first name', lastName: 'Guardian 2 last name' },
    ]);
  });

  it('offers a full-name column only when there are no separate name columns, and takes the first header for a field', () => {
    expect(suggestMapping(['Name', 'UPN']).pupil).toEqual({ upn: 'UPN', legalFullName: 'Name' });
    expect(suggestMapping(['Forename', 'Surname', 'Name']).pupil).toEqual({ legalFirstName: 'Forename', legalLastName: 'Surname' });
    expect(suggestMapping(['Year', 'Year Group']).pupil).toEqual({ yearGroup: 'Year' });
  });
});
