import { readStaffDefinition, resolveStaffColumns, validateStaffDefinition, type StaffMappingDefinition } from './staff-mappings.js';

const ours: StaffMappingDefinition = {
  columns: { email: 'Staff E-mail', role: 'Post Held', fullName: 'Staff Name', classes: 'Teaching Groups' },
  classLayout: 'cell',
};

describe('saved staff mappings', () => {
  it('accepts a mapping naming the email and role columns, skipping fields the body left out', () => {
    expect(validateStaffDefinition(ours)).toEqual([]);
    expect(validateStaffDefinition({ columns: { email: 'E', role: 'R', firstName: undefined }, classLayout: 'row' })).toEqual([]);
  });

  it('names each field that is missing, unknown, blank or a header already used', () => {
    const odd = { columns: { email: 'Email', role: ' email', upn: 'UPN', lastName: '  ' }, classLayout: 'column' } as unknown as StaffMappingDefinition;
    expect(validateStaffDefinition(odd)).toEqual([
      { field: 'columns.role', message: "' email' is already the email column; each field needs its own column" },
      { field: 'columns.upn', message: 'upn is not a staff field' },
      { field: 'columns.lastName', message: 'must be a column header of 1–100 characters' },
      { field: 'classLayout', message: 'classLayout must be cell or row' },
    ]);
    expect(validateStaffDefinition({ columns: {}, classLayout: 'cell' }).map((e) => e.field)).toEqual(['columns.email', 'columns.role']);
  });

  it('stores and reads back only the known fields that name a column', () => {
    const stored = { columns: { email: 'E', role: 'R', classes: undefined, stray: 'X', fullName: 7 }, classLayout: 'row', extra: true };
    expect(readStaffDefinition(stored)).toEqual({ columns: { email: 'E', role: 'R' }, classLayout: 'row' });
    expect(readStaffDefinition(null)).toEqual({ columns: {}, classLayout: 'cell' });
  });

  it('finds the columns whatever their case and spacing, and lists the headers a file lacks', () => {
    const mapping = { name: 'ours', ...ours };
    expect(resolveStaffColumns(['staff e-mail', 'POST HELD', 'Staff Name'], mapping)).toEqual({
      columns: { email: 'staff e-mail', role: 'POST HELD', fullName: 'Staff Name' },
      missing: ['Teaching Groups'],
    });
  });
});
