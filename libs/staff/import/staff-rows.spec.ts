import { STAFF_MAPPINGS, parseStaffRole, resolveStaffColumns } from './staff-mappings.js';
import { planStaffRow, type StaffNow } from './staff-import-plan.js';
import { groupStaffRows } from './staff-rows.js';

const standard = STAFF_MAPPINGS.standard!;
const arbor = STAFF_MAPPINGS.arbor!;
const row = (n: number, record: Record<string, string>) => ({ row: n, record });
const std = (n: number, email: string, role = 'Teacher', classes = '4B') => row(n, { Name: 'A Person', Email: email, Role: role, Classes: classes });
const columns = resolveStaffColumns(['Name', 'Email', 'Role', 'Classes'], standard).columns;
const nobody: StaffNow = { member: null, invitation: null, left: false };
const ctx = { knownClasses: new Set(['4B', '5A']), mayImport: () => true };

describe('staff rows', () => {
  it('reads MIS role words and refuses others', () => {
    expect(['Class Teacher', 'HLTA', ' teaching   assistant ', 'SENDCo', 'Headteacher'].map(parseStaffRole)).toEqual([
      'teacher',
      'teacher',
      'teacher',
      'senco',
      'head',
    ]);
    expect(parseStaffRole('Caretaker')).toBeNull();
  });

  it('splits a classes cell, lower-cases the email and names the missing columns of a format', () => {
    const [entry] = groupStaffRows([std(2, 'A.Person@School.UK', 'Teacher', '4B; 5A, 4B')], standard, columns);
    expect(entry).toMatchObject({ rows: [2], email: 'a.person@school.uk', role: 'teacher', classNames: ['4B', '5A'], errors: [] });
    expect(resolveStaffColumns(['Name', 'Email'], standard).missing).toEqual(['Role', 'Classes']);
  });

  it('refuses an email on two rows when classes are in one cell, each row naming the other', () => {
    const entries = groupStaffRows([std(2, 'a@school.uk'), std(3, 'b@school.uk'), std(4, 'a@school.uk')], standard, columns);
    expect(entries.map((e) => e.errors.map((x) => `${x.row} ${x.field}: ${x.message}`))).toEqual([
      ['2 Email: the same email is on row 4; give each member of staff one row, with their classes in one cell ("4B, 5A")'],
      [],
      ['4 Email: the same email is on row 2; give each member of staff one row, with their classes in one cell ("4B, 5A")'],
    ]);
  });

  it('merges one row per class (Arbor-like) when the rows agree on the role', () => {
    const cols = resolveStaffColumns(['First Name', 'Last Name', 'Email Address', 'Job Title', 'Registration Form'], arbor).columns;
    const r = (n: number, title: string, form: string) =>
      row(n, { 'First Name': 'Helen', 'Last Name': 'A', 'Email Address': 'h@school.uk', 'Job Title': title, 'Registration Form': form });
    expect(groupStaffRows([r(2, 'Teacher', '4A'), r(3, 'Teacher', '6C')], arbor, cols)).toMatchObject([{ rows: [2, 3], classNames: ['4A', '6C'], errors: [] }]);
    const clash = groupStaffRows([r(2, 'Teacher', '4A'), r(3, 'SENCO', '6C')], arbor, cols);
    expect(clash.map((e) => e.errors[0]?.message)).toEqual([
      'the same email is on row 3 with a different role',
      'the same email is on row 2 with a different role',
    ]);
  });

  it('plans an invitation, a class change, nothing, or a refusal', () => {
    const [entry] = groupStaffRows([std(2, 'a@school.uk', 'Teacher', '5A, 4B')], standard, columns);
    expect(planStaffRow(entry!, nobody, ctx)).toMatchObject({ action: 'invite', changes: ['invited as teacher', 'classes on accepting: 4B, 5A'] });
    const member = { userId: 'u', roles: ['teacher' as const], classNames: ['4B', '5A'] };
    expect(planStaffRow(entry!, { ...nobody, member }, ctx)).toMatchObject({ action: 'unchanged', changes: [] });
    expect(planStaffRow(entry!, { ...nobody, member: { ...member, classNames: ['4B'] } }, ctx)).toMatchObject({
      action: 'update',
      changes: ['classes: 4B → 4B, 5A'],
      setClasses: true,
    });
    expect(planStaffRow(entry!, { ...nobody, left: true }, ctx).action).toBe('reject');
    expect(planStaffRow(entry!, nobody, { ...ctx, knownClasses: new Set(['4B']) }).errors[0]?.message).toMatch(/no pupil is in class 5A/);
  });
});
