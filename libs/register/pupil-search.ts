/**
 * The register's name search, shared by every list that finds pupils by name: the start of a legal or
 * preferred first or last name, in any case, or a whole UPN. `param` adds a bound parameter and returns its
 * placeholder; LIKE's wildcards in what was typed are matched literally.
 */
export function pupilSearchSql(alias: string, q: string, param: (value: unknown) => string): string {
  const prefix = param(`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const upn = param(q.trim().toUpperCase());
  return `(${alias}.upn = ${upn} or ${alias}.legal_last_name ilike ${prefix} or ${alias}.legal_first_name ilike ${prefix}
                   or ${alias}.preferred_first_name ilike ${prefix} or ${alias}.preferred_last_name ilike ${prefix})`;
}
