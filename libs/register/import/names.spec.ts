import { splitFullName } from './names.js';

describe('splitFullName', () => {
  it('takes the part before a comma as the surname', () => {
    expect(splitFullName('Smith, Jane')).toEqual({ ok: true, firstName: 'Jane', lastName: 'Smith' });
    expect(splitFullName('  Smith ,  Jane   Anne ')).toEqual({ ok: true, firstName: 'Jane Anne', lastName: 'Smith' });
    expect(splitFullName('Smith, Mrs Jane', 'first')).toEqual({ ok: true, firstName: 'Jane', lastName: 'Smith' });
  });

  it('takes the last word as the surname by default, keeping particles with it', () => {
    expect(splitFullName('Jane Smith')).toEqual({ ok: true, firstName: 'Jane', lastName: 'Smith' });
    expect(splitFullName('Mary Jane Smith')).toEqual({ ok: true, firstName: 'Mary Jane', lastName: 'Smith' });
    expect(splitFullName('Anna van der Berg')).toEqual({ ok: true, firstName: 'Anna', lastName: 'van der Berg' });
  });

  it('takes the first word when the mapping says the surname comes first', () => {
    expect(splitFullName('SMITH Jane Anne', 'first')).toEqual({ ok: true, firstName: 'Jane Anne', lastName: 'SMITH' });
  });

  it('drops titles, which are neither forename nor surname', () => {
    expect(splitFullName('Mrs Jane Smith')).toEqual({ ok: true, firstName: 'Jane', lastName: 'Smith' });
    expect(splitFullName('Dr. J Smith')).toEqual({ ok: true, firstName: 'J', lastName: 'Smith' });
  });

  it('refuses one name alone rather than using it as both parts', () => {
    expect(splitFullName('Parent')).toEqual({ ok: false, message: expect.stringMatching(/one name only/) });
    expect(splitFullName('Mrs Smith')).toEqual({ ok: false, message: expect.stringMatching(/one name only/) });
    expect(splitFullName('Smith,')).toEqual({ ok: false, message: expect.stringMatching(/comma/) });
    expect(splitFullName('   ')).toEqual({ ok: false, message: expect.stringMatching(/one name only/) });
  });
});
