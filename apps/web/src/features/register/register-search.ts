export const SORTS = { name: 'Name', yearGroup: 'Year group', placedOn: 'Date placed on the register' } as const;
export const ORDERS = { asc: 'Ascending', desc: 'Descending' } as const;
export type RegisterSort = keyof typeof SORTS;
export type RegisterOrder = keyof typeof ORDERS;

/** The register's view, all of it in the address: filters, sort, the "as it was on" date and the page's cursor. */
export interface RegisterView {
  q: string;
  status: string;
  need: string;
  yearGroup: string;
  asOf: string;
  sort: RegisterSort;
  order: RegisterOrder;
  cursor: string;
}

const FILTERS = ['q', 'status', 'need', 'yearGroup', 'asOf'] as const;
const isSort = (v: string | null): v is RegisterSort => v !== null && Object.hasOwn(SORTS, v);
const isOrder = (v: string | null): v is RegisterOrder => v !== null && Object.hasOwn(ORDERS, v);

/** Reads the view from a query string; anything unknown or malformed falls back to the default (no filter, by name). */
export function readRegisterView(search: string): RegisterView {
  const s = new URLSearchParams(search);
  const sort = s.get('sort');
  const order = s.get('order');
  const asOf = s.get('asOf') ?? '';
  return {
    q: s.get('q') ?? '',
    status: s.get('status') ?? '',
    need: s.get('need') ?? '',
    yearGroup: s.get('yearGroup') ?? '',
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : '',
    sort: isSort(sort) ? sort : 'name',
    order: isOrder(order) ? order : 'asc',
    cursor: s.get('cursor') ?? '',
  };
}

/** The address of a view: only what differs from the default, so the plain register is just its path. */
export function registerHref(base: string, view: RegisterView): string {
  const s = new URLSearchParams();
  for (const key of FILTERS) if (view[key]) s.set(key, view[key]);
  if (view.sort !== 'name') s.set('sort', view.sort);
  if (view.order !== 'asc') s.set('order', view.order);
  if (view.cursor) s.set('cursor', view.cursor);
  const qs = s.toString();
  return qs ? `${base}?${qs}` : base;
}

/** The API's query for a view's filters (the export takes the same, without paging). */
export function registerFilters(view: RegisterView): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of FILTERS) if (view[key]) query[key] = view[key];
  return query;
}
