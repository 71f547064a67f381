import { daysBetween } from '#libs/core';
import { formatDate, type Section } from '#libs/documents';
import type { EvidenceOap } from './evidence-pack.types.js';

export const OAP_SECTION_TITLE = '7. What the local authority expects schools to provide ordinarily, and what was provided';

const STATUS = { evidenced: 'Evidenced', not_evidenced: 'Not evidenced', not_applicable: 'Not applicable' } as const;

/**
 * The pack's comparison with the authority's ordinarily available provision (docs/oap.md): what the authority
 * expects for the pupil's areas of need and what the school's records show. Provided in full and still no
 * progress is evidence the needs go beyond it (docs/domain.md, "Ordinarily available provision").
 */
export function oapSection(oap: EvidenceOap): Section {
  const gaps = oap.expectations.filter((e) => e.status === 'not_evidenced').length;
  return {
    id: 'oap',
    title: OAP_SECTION_TITLE,
    blocks: [
      {
        kind: 'paragraph',
        text:
          `Compared with ${oap.framework} (version ${oap.version}; source: ${oap.source}). ` +
          (oap.expectations.length === 0
            ? 'No expectation applies to the areas of need recorded.'
            : gaps === 0
              ? 'Every expectation for the pupil’s areas of need is evidenced or recorded as not applicable.'
              : `${gaps} of ${oap.expectations.length} expectations for the pupil’s areas of need are not evidenced in the school’s records.`),
      },
      {
        kind: 'table',
        caption: 'Expectations for the pupil’s areas of need',
        columns: [
          { label: 'Expectation', weight: 3 },
          { label: 'Status', weight: 1 },
          { label: 'What shows it, or why it does not apply', weight: 3 },
        ],
        rows: oap.expectations.map((e) => [`${e.code}: ${e.text}`, STATUS[e.status], e.evidence ?? '']),
        empty: 'No expectation applies.',
      },
      {
        kind: 'table',
        caption: 'Review cycle by review cycle: what was provided, for how long, and what happened',
        columns: [
          { label: 'Cycle', weight: 2 },
          { label: 'Weeks', weight: 1 },
          { label: 'All provided?', weight: 1 },
          { label: 'What was provided', weight: 4 },
          { label: 'Targets at the review', weight: 2 },
        ],
        rows: oap.cycles.map((c) => [
          `${formatDate(c.from)} to ${formatDate(c.to)}`,
          String(Math.max(1, Math.round(daysBetween(c.from, c.to) / 7))),
          c.fullyEvidenced ? 'Yes' : 'No',
          c.delivered.join('; ') || 'Nothing recorded',
          c.targetsMet === null ? 'No outcome recorded' : c.targetsMet ? 'All achieved' : 'Not all achieved',
        ]),
        empty: 'No plan cycle has been reviewed yet.',
      },
    ],
  };
}
