/**
 * The SEN Information Report editor's edits and what the API stores, mapped to the save (PUT …/sen-reports/{year},
 * which keeps items not sent). Only items the SENCO changed are sent, so an item left alone, or one changed
 * meanwhile by someone else, is never overwritten with an old copy (issue 17). No imports, so jest can test it.
 */

export interface StoredReport {
  sections: { fields: { key: string; text: string }[] }[];
  complaintsCount: number | null;
}
export interface ReportEdits {
  texts: Record<string, string>;
  /** As typed; absent until the SENCO touches it. */
  complaintsCount?: string;
}

/** The save's body; a count typed that is not a whole number is refused here, naming the field (the API takes only numbers). */
export function reportBody(r: StoredReport, e: ReportEdits): { texts: Record<string, string>; complaintsCount?: number | null } {
  const stored = new Map(r.sections.flatMap((s) => s.fields.map((f) => [f.key, f.text] as const)));
  const texts = Object.fromEntries(Object.entries(e.texts).filter(([k, v]) => stored.get(k) !== v));
  const count = e.complaintsCount;
  if (count === undefined || count === (r.complaintsCount === null ? '' : String(r.complaintsCount))) return { texts };
  if (count.trim() === '') return { texts, complaintsCount: null };
  // Refused rather than dropped, so the SENCO knows the count was not saved.
  if (!/^\s*\d+\s*$/.test(count)) throw new Error('Complaints about SEN provision this year: enter a whole number, or leave it empty if not known');
  return { texts, complaintsCount: Number(count) };
}
