import { principalFromRows, rememberedFromRows, RememberedPrincipals, stampColumn, type Principal, type PrincipalRow } from './principal.js';

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
const until = new Date('2027-01-01T00:00:00Z');
const row = (extra: Partial<PrincipalRow>): PrincipalRow => ({
  isPlatformAdmin: false,
  disabledAt: null,
  live: true,
  schoolId: null,
  role: null,
  stamp: '7',
  liveUntil: until,
  ...extra,
});

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

describe('rememberedFromRows', () => {
  it('keeps the stamp and the session’s end the rows gave, and nothing for no principal or no stamp', () => {
    const p = principal({ [schoolA]: ['senco'] });
    expect(rememberedFromRows(p, [row({ schoolId: schoolA, role: 'senco' })])).toEqual({ principal: p, stamp: '7', liveUntil: until.getTime() });
    expect(rememberedFromRows(null, [row({})])).toBeNull();
    expect(rememberedFromRows(p, [row({ stamp: null })])).toBeNull();
    expect(rememberedFromRows(p, [row({ liveUntil: null })])).toBeNull();
  });
});

describe('stampColumn', () => {
  it('reads the user’s stamp by a uuid literal, and takes nothing else', () => {
    expect(stampColumn(user)).toBe(`(select principal_stamp::text from users where id = '${user}')`);
    expect(() => stampColumn(`${user}' or true --`)).toThrow('uuid');
  });
});

describe('RememberedPrincipals', () => {
  const remember = (p: Principal, liveUntil = 10_000) => ({ principal: p, stamp: '1', liveUntil });

  it('keeps a principal for its age limit, and forgets one the database no longer has', () => {
    const remembered = new RememberedPrincipals(1_000);
    const p = remember(principal({ [schoolA]: ['senco'] }));
    remembered.keep(user, session, p, 0);
    expect(remembered.get(user, session, 1_000, 0)).toBe(p);
    expect(remembered.get(user, session, 1_001, 0)).toBeUndefined();
    remembered.keep(user, session, p, 2_000);
    remembered.keep(user, session, null, 2_001);
    expect(remembered.get(user, session, 2_002, 0)).toBeUndefined();
  });

  it('forgets a principal once its session’s last token has expired', () => {
    const remembered = new RememberedPrincipals(60_000);
    const p = remember(principal({ [schoolA]: ['senco'] }), 5_000);
    remembered.keep(user, session, p, 0);
    expect(remembered.get(user, session, 1, 4_999)).toBe(p);
    expect(remembered.get(user, session, 2, 5_000)).toBeUndefined();
    expect(remembered.get(user, session, 3, 0)).toBeUndefined();
  });

  it('past its size, forgets the one kept longest ago', () => {
    const remembered = new RememberedPrincipals(60_000, 2);
    const sessions = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000c3'];
    sessions.forEach((sid, i) => remembered.keep(user, sid, remember({ ...principal({}), sessionId: sid }), i));
    expect(sessions.map((sid) => remembered.get(user, sid, 10, 0)?.principal.sessionId)).toEqual([undefined, sessions[1], sessions[2]]);
  });
});
