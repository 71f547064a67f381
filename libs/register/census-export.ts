import { stringify } from 'csv-stringify/sync';
import { DomainError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import type { NeedCode } from './domain/needs.js';
import type { RegisterFilter, RegisterQuery, RegisterRow } from './register.query.js';

/*
 * The SEN values of the school census (docs/domain.md, "Census codes"). The census returns SEN
 * provision for every pupil on roll, E + K + N covering the whole roll; K and E need a primary need, and only
 * they carry need types.
 */

/** Who the census counts on its date: every pupil on roll, whatever their status (census-check reads the same). */
export const censusFilter = (date: string): RegisterFilter => ({ asOf: date, statuses: ['N', 'monitoring', 'K', 'E'] });

export const CENSUS_PROVISIONS = ['E', 'K', 'N'] as const;
export type CensusProvision = (typeof CENSUS_PROVISIONS)[number];

/** Need types valid for K and E in every census. */
export const CENSUS_NEED_CODES: readonly NeedCode[] = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH'];
/** Down syndrome is a need type from the January 2025 census on. */
export const DS_FROM = '2025-01-01';

/** The need types valid as a primary (rank 1) need for this provision on this census date; NSA is for K only. */
export function validPrimaryNeeds(provision: CensusProvision, date: string): readonly NeedCode[] {
  if (provision === 'N') return [];
  return [...CENSUS_NEED_CODES, ...(date >= DS_FROM ? (['DS'] as const) : []), ...(provision === 'K' ? (['NSA'] as const) : [])];
}

/** Secondary (rank 2) need types: an assessed need, so never NSA ("no specialist assessment"). */
export function validSecondaryNeeds(provision: CensusProvision, date: string): readonly NeedCode[] {
  return validPrimaryNeeds(provision, date).filter((c) => c !== 'NSA');
}

export interface CensusRow {
  upn: string;
  provision: CensusProvision;
  primaryNeed: NeedCode | null;
  secondaryNeed: NeedCode | null;
}

/**
 * A register row as the census returns it, or the reason it cannot be. The school's "monitoring" stage is not
 * SEN: it is returned as N, and a suspected need recorded with it is not returned at all. A secondary need that
 * is invalid or repeats the primary is left out (it is optional); a K or E pupil without a valid primary need
 * cannot be returned, because the census would reject the record.
 */
export function toCensusRow(
  row: Pick<RegisterRow, 'upn' | 'status' | 'primaryNeed' | 'secondaryNeed'>,
  date: string,
): CensusRow | { upn: string; problem: string } {
  const provision: CensusProvision = row.status === 'K' || row.status === 'E' ? row.status : 'N';
  if (provision === 'N') return { upn: row.upn, provision, primaryNeed: null, secondaryNeed: null };
  const primary = row.primaryNeed;
  if (!primary || !validPrimaryNeeds(provision, date).includes(primary)) {
    const why = !primary
      ? 'has no primary need'
      : primary === 'NSA'
        ? 'has NSA, which the census allows only for SEN support (K)'
        : `has ${primary}, which is not a census need type on ${date}`;
    return { upn: row.upn, problem: `${provision === 'E' ? 'EHC plan' : 'SEN support'} pupil ${why}` };
  }
  const secondary =
    row.secondaryNeed && row.secondaryNeed !== primary && validSecondaryNeeds(provision, date).includes(row.secondaryNeed) ? row.secondaryNeed : null;
  return { upn: row.upn, provision, primaryNeed: primary, secondaryNeed: secondary };
}

export const CENSUS_CSV_HEADER = ['UPN', 'SENprovision', 'SENneedType1', 'SENneedType2'] as const;

/**
 * The census-ready CSV for `date`: one line per pupil on roll, census values only. Refuses (422, naming each
 * pupil by UPN) while any K or E pupil lacks a valid primary need, rather than write a file the census rejects.
 */
export async function censusCsv(scope: SchoolScope, register: RegisterQuery, date: string): Promise<{ text: string; rows: number }> {
  const rows: CensusRow[] = [];
  const problems: { field: string; message: string }[] = [];
  for await (const batch of register.all(scope, censusFilter(date))) {
    for (const r of batch) {
      const c = toCensusRow(r, date);
      if ('problem' in c)
        problems.push({ field: `pupil ${c.upn}`, message: `${c.upn}: ${c.problem}; record a valid primary need first (GET census-check lists the counts)` });
      else rows.push(c);
    }
  }
  if (problems.length > 0) {
    throw new DomainError(
      422,
      'census-invalid',
      `The census export cannot be made: ${problems.length} pupil${problems.length === 1 ? ' has' : 's have'} no valid need type`,
      problems,
    );
  }
  const text = stringify([[...CENSUS_CSV_HEADER], ...rows.map((r) => [r.upn, r.provision, r.primaryNeed ?? '', r.secondaryNeed ?? ''])]);
  return { text, rows: rows.length };
}
