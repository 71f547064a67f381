/**
 * The SEN Information Report (Children and Families Act 2014 s.69; SI 2014/1530 Sch. 1; SEND Code of
 * Practice 6.79–6.83). Sections are the required items; each has one or more text fields the SENCO writes.
 */
export interface ReportField {
  /** Stable key stored with the text, e.g. 'item3a'. */
  key: string;
  /** Short label shown above the text box. */
  label: string;
}

export interface ReportSection {
  /** Stable key, e.g. 'item3'. */
  key: string;
  /** Heading used in the published report. */
  heading: string;
  /** The source, e.g. "SI 2014/1530 Sch. 1 para 3(a)". */
  source: string;
  /** What the section must cover, in plain words, for the SENCO writing it. */
  guidance: string;
  fields: ReportField[];
}

/**
 * Why a figure is hidden: 'small' — it is itself 1–4 (primary suppression); 'secondary' — it is 5 or more but
 * hidden so that a small cell cannot be worked out by subtraction. Figures fixed before reasons were recorded
 * have none: they are described without claiming either (see describePublished).
 */
export type SuppressionReason = 'small' | 'secondary';

/** A figure that may be suppressed: a count under 5 (or one from which such a count could be derived). */
export type Published = { value: number; suppressed: false } | { value: null; suppressed: true; reason?: SuppressionReason };
