import type pg from 'pg';

/**
 * Citus's rules for tables distributed on `school_id` (docs/scaling.md, section 1), read from the catalogue:
 *  - `primary-key`: the primary key includes school_id;
 *  - `unique`: every other unique index includes school_id;
 *  - `exclusion`: every exclusion constraint includes school_id compared with `=`;
 *  - `foreign-key`: a foreign key to another distributed table has school_id on both sides, at the same place.
 * Tables without a school_id column, and the reference tables named by the caller, are not distributed and
 * not checked (a foreign key to them is allowed).
 */
export type CitusRule = 'primary-key' | 'unique' | 'exclusion' | 'foreign-key';

export interface CitusViolation {
  table: string;
  rule: CitusRule;
  /** The constraint or index that breaks it (the table's name for a missing primary key). */
  name: string;
}

interface Row {
  table_name: string;
  kind: 'p' | 'u' | 'x' | 'f' | 'i';
  name: string;
  /** Where school_id stands in the key (1-based), or 0 when it is absent. */
  school_pos: number;
  /** For a foreign key: the referenced table, and where school_id stands among its referenced columns. */
  ref_table: string | null;
  ref_school_pos: number | null;
  /** For an exclusion constraint: the operator school_id is compared with. */
  school_op: string | null;
}

const CATALOGUE_SQL = `
with tenant as (
  select c.oid, c.relname, a.attnum as school_att
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'school_id' and not a.attisdropped
   where n.nspname = $1 and c.relkind in ('r', 'p') and not (c.relname = any($2::text[]))
),
cons as (
  select t.relname as table_name, k.contype::text as kind, k.conname::text as name,
         coalesce(array_position(k.conkey, t.school_att), 0) as school_pos,
         r.relname::text as ref_table,
         case when rt.school_att is null then null else coalesce(array_position(k.confkey, rt.school_att), 0) end as ref_school_pos,
         case when k.contype = 'x' and array_position(k.conkey, t.school_att) is not null
              then (select o.oprname::text from pg_operator o where o.oid = k.conexclop[array_position(k.conkey, t.school_att)]) end as school_op
    from tenant t
    join pg_constraint k on k.conrelid = t.oid and k.contype in ('p', 'u', 'x', 'f')
    left join pg_class r on r.oid = k.confrelid
    left join tenant rt on rt.oid = k.confrelid
),
unique_indexes as (
  select t.relname as table_name, 'i'::text as kind, ic.relname::text as name,
         -- indkey is an int2vector, whose subscripts start at 0: made 1-based like conkey's.
         coalesce(array_position(i.indkey::int2[], t.school_att) + 1 - array_lower(i.indkey::int2[], 1), 0) as school_pos,
         null::text as ref_table, null::int as ref_school_pos, null::text as school_op
    from tenant t
    join pg_index i on i.indrelid = t.oid and i.indisunique
    join pg_class ic on ic.oid = i.indexrelid
   where not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = t.oid)
)
select table_name, kind, name, school_pos, ref_table, ref_school_pos, school_op from cons
union all select * from unique_indexes
union all select t.relname, 'p', t.relname, 0, null, null, null from tenant t
 where not exists (select 1 from pg_constraint k where k.conrelid = t.oid and k.contype = 'p')
order by 1, 3`;

/** Every break of the rules in `schema`, sorted by table and name; an empty list means Citus could distribute it. */
export async function citusViolations(client: pg.Client | pg.Pool, schema: string, referenceTables: readonly string[]): Promise<CitusViolation[]> {
  const rows = (await client.query<Row>(CATALOGUE_SQL, [schema, [...referenceTables]])).rows;
  const out: CitusViolation[] = [];
  for (const r of rows) {
    const v = (rule: CitusRule) => out.push({ table: r.table_name, rule, name: r.name });
    if (r.kind === 'p' && r.school_pos === 0) v('primary-key');
    else if ((r.kind === 'u' || r.kind === 'i') && r.school_pos === 0) v('unique');
    else if (r.kind === 'x' && (r.school_pos === 0 || r.school_op !== '=')) v('exclusion');
    // A foreign key to a reference table (or one without school_id) is allowed; to a distributed one it must
    // carry school_id on both sides, in the same place.
    else if (r.kind === 'f' && r.ref_school_pos !== null && (r.school_pos === 0 || r.school_pos !== r.ref_school_pos)) v('foreign-key');
  }
  return out;
}
