import { describe, expect, it } from 'vitest';
import { readRegisterView, registerFilters, registerHref } from './register-search';

const base = '/app/s/school/register';

describe("the register's view in the address", () => {
  it('round-trips filters, sort, order, the as-of date and the cursor', () => {
    const view = { q: 'Ava Jones', status: 'K', need: 'SEMH', yearGroup: '4', asOf: '2026-09-01', sort: 'placedOn', order: 'desc', cursor: 'abc' } as const;
    const href = registerHref(base, view);
    expect(href.startsWith(`${base}?`)).toBe(true);
    expect(readRegisterView(href.slice(href.indexOf('?')))).toEqual(view);
  });

  it('the plain register is just its path, and the defaults are not written', () => {
    expect(registerHref(base, readRegisterView(''))).toBe(base);
    expect(readRegisterView('')).toMatchObject({ sort: 'name', order: 'asc', cursor: '' });
  });

  it('an edited or stale address falls back to the defaults rather than failing', () => {
    expect(readRegisterView('?sort=drop+table&order=sideways&asOf=yesterday')).toMatchObject({ sort: 'name', order: 'asc', asOf: '' });
    expect(readRegisterView('?sort=toString')).toMatchObject({ sort: 'name' });
  });

  it("sends the API only the filters that are set, never the page's own state", () => {
    const view = readRegisterView('?status=E&sort=yearGroup&cursor=xyz');
    expect(registerFilters(view)).toEqual({ status: 'E' });
  });
});
