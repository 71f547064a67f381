import type { NeedCode } from '#libs/register';
import { SUPPRESS_BELOW } from './suppression.js';

/*
 * Rules that decide which tables the SEN Information Report publishes at all, before any cell is suppressed
 * (docs/domain.md, "Statistical disclosure control"). Suppressing a cell is not enough when the row's existence
 * is the disclosure: a row "Hearing impairment: fewer than 5" tells the village that some child there has one.
 */

/** A need with fewer pupils than this in the school (SEN support and EHC plans together) is merged into OTHER_NEEDS. */
export const RARE_NEED_BELOW = SUPPRESS_BELOW;

/** A school with fewer pupils than this on its SEN register (SEN support + EHC plans) publishes no breakdown. */
export const SMALL_REGISTER_BELOW = 10;

/** The merged row: rare needs and the census's own "other difficulty/disability" (OTH) together. */
export const OTHER_NEEDS = 'other';
export const OTHER_NEEDS_LABEL = 'Other needs';

export interface NeedRow {
  need: NeedCode | typeof OTHER_NEEDS;
  senSupport: number;
  ehcPlan: number;
}

/**
 * Merges every need with 1 to RARE_NEED_BELOW − 1 pupils, and OTH, into one "Other needs" row, listed last.
 * The merged row is then suppressed like any other cell, so a rare need is neither named nor countable.
 */
export function mergeRareNeeds(rows: readonly NeedRow[]): NeedRow[] {
  const kept: NeedRow[] = [];
  const other: NeedRow = { need: OTHER_NEEDS, senSupport: 0, ehcPlan: 0 };
  let merged = 0;
  for (const r of rows) {
    const pupils = r.senSupport + r.ehcPlan;
    if (pupils === 0) continue;
    if (r.need === 'OTH' || r.need === OTHER_NEEDS || pupils < RARE_NEED_BELOW) {
      other.senSupport += r.senSupport;
      other.ehcPlan += r.ehcPlan;
      merged += 1;
    } else kept.push({ ...r });
  }
  return merged > 0 ? [...kept, other] : kept;
}

/**
 * Why a school publishes no breakdown by need or year group, or null when it may. A register under
 * SMALL_REGISTER_BELOW, or a total of SEN support or EHC plans of 1–4, leaves so few pupils in each row that
 * even a suppressed table narrows a child down to a handful the reader knows.
 */
export function breakdownWithheld(senSupport: number, ehcPlan: number): string | null {
  const register = senSupport + ehcPlan;
  if (register === 0) return null;
  if (register < SMALL_REGISTER_BELOW) {
    return `We do not publish a breakdown by need or year group: with fewer than ${SMALL_REGISTER_BELOW} pupils on our SEN register, it could identify a child.`;
  }
  const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
  if (small(senSupport) || small(ehcPlan)) {
    return `We do not publish a breakdown by need or year group: fewer than ${SUPPRESS_BELOW} pupils ${small(ehcPlan) ? 'have an education, health and care plan' : 'receive SEN support'}, so any breakdown could identify a child.`;
  }
  return null;
}
