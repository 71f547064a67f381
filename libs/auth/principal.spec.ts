import { principalFromRows, RememberedPrincipals, samePrincipal, type Principal, type PrincipalRow } from './principal.js';

const user = '00000000-0000-4000-8000-000000000001';
const session = '00000000-0000-4000-8000-000000000002';
const schoolA = '00000000-0000-4000-8000-00000000000a';
const schoolB = '00000000-0000-4000-8000-00000000000b';
const principal = (schoolRoles: Principal['schoolRoles'], isPlatformAdmin = false): Principal => ({
  userId: user,
  sessionId: session,
  isPlatformAdmin,
  schoolRoles,
});
const row = (extra: Partial<PrincipalRow>): PrincipalRow => ({ isPlatformAdmin: false, disabledAt: null, live: true, schoolId: null, role: null, ...extra });

describe('principalFromRows', () => {
  it('gathers every school role of a live session', () => {
    expect(
      principalFromRows(user, session, [
        row({ schoolId: schoolA, role: 'senco' }),
        row({ schoolId: schoolA, role: 'teacher' }),
        row({ schoolId: schoolB, role: 'parent' }),
      ]),
    ).toEqual(principal({ [schoolA]: ['senco', 'teacher'], [schoolB]: ['parent'] }));
    expect(principalFromRows(user, session, [row({})])).toEqual(principal({}));
  });

  it('is null for no user, a disabled one, or a session that has ended', () => {
    expect(principalFromRows(user, session, [])).toBeNull();
    expect(principalFromRows(user, session, [row({ disabledAt: new Date(), schoolId: schoolA, role: 'senco' })])).toBeNull();
    expect(principalFromRows(user, session, [row({ live: false, schoolId: schoolA, role: 'senco' })])).toBeNull();
  });
});

describe('samePrincipal', () => {
  it('holds for the same roles in any order, and for nothing else', () => {
    const a = principal({ [schoolA]: ['senco', 'teacher'], [schoolB]: ['parent'] });
    expect(samePrincipal(a, principal({ [schoolB]: ['parent'], [schoolA]: ['teacher', 'senco'] }))).toBe(true);
    expect(samePrincipal(a, principal({ [schoolA]: ['senco', 'teacher'] }))).toBe(false);
    expect(samePrincipal(a, principal({ [schoolA]: ['senco'], [schoolB]: ['parent'] }))).toBe(false);
    expect(samePrincipal(a, principal({ [schoolA]: ['senco', 'teacher'], [schoolB]: ['parent'] }, true))).toBe(false);
    expect(samePrincipal(a, { ...a, sessionId: schoolA })).toBe(false);
  });
});

describe('RememberedPrincipals', () => {
  it('keeps a principal for its age limit, and forgets one the database no longer has', () => {
    const remembered = new RememberedPrincipals(1_000);
    const p = principal({ [schoolA]: ['senco'] });
    remembered.keep(user, session, p, 0);
    expect(remembered.get(user, session, 1_000)).toBe(p);
    expect(remembered.get(user, session, 1_001)).toBeUndefined();
    remembered.keep(user, session, p, 2_000);
    remembered.keep(user, session, null, 2_001);
    expect(remembered.get(user, session, 2_002)).toBeUndefined();
  });

  it('past its size, forgets the one kept longest ago', () => {
    const remembered = new RememberedPrincipals(60_000, 2);
    const sessions = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000c3'];
    sessions.forEach((sid, i) => remembered.keep(user, sid, { ...principal({}), sessionId: sid }, i));
    expect(sessions.map((sid) => remembered.get(user, sid, 10)?.sessionId)).toEqual([undefined, sessions[1], sessions[2]]);
  });
});
