import type { EntityManager } from 'typeorm';
import type { SchoolScope } from '#libs/database';
import { oapFactsFor } from '#libs/oap';
import { AREA_LABELS, type AreaOfNeed } from '#libs/register';
import { publishShare } from './domain/index.js';

/** The school's offer beside its local authority's ordinarily available provision (docs/oap.md), before suppression. */
export interface OfferFigures {
  framework: string;
  version: number;
  source: string;
  /** The expectations by area of need, in the framework's words' order of areas. */
  byArea: { area: AreaOfNeed; expectations: number }[];
  /** Pupils on SEN Support now, and those with every expectation for their needs evidenced in the school's records. */
  pupilsCompared: number;
  pupilsFullyEvidenced: number;
}

export interface PublishedOffer {
  framework: string;
  version: number;
  source: string;
  byArea: { label: string; expectations: number }[];
  fullyEvidenced: { value: number | null; suppressed: boolean };
}

/**
 * What the report says of the school's offer against the authority's framework: which framework, what it expects
 * by area of need, and the share of pupils on SEN Support with all of it evidenced. A fixed number of queries
 * (oapFactsFor), whatever the school's size. Undefined when the school's LA has no framework in the product.
 */
export async function offerFigures(m: EntityManager, scope: SchoolScope, asOf: string): Promise<OfferFigures | undefined> {
  const ids = await m.query<{ pupil_id: string }[]>(
    `select pupil_id from sen_status_entries where school_id = $1 and status = 'K' and end_date is null order by pupil_id`,
    [scope.schoolId],
  );
  const { found, pupils } = await oapFactsFor(
    m,
    scope,
    ids.map((r) => r.pupil_id),
    asOf,
  );
  if (!found) return undefined;
  const counts = new Map<AreaOfNeed, number>();
  for (const e of found.expectations) counts.set(e.areaOfNeed, (counts.get(e.areaOfNeed) ?? 0) + 1);
  const compared = [...pupils.values()].filter((p) => p.results.length > 0);
  return {
    framework: found.framework.name,
    version: found.framework.version,
    source: found.framework.sourceCitation,
    byArea: (Object.keys(AREA_LABELS) as AreaOfNeed[]).filter((a) => counts.has(a)).map((area) => ({ area, expectations: counts.get(area)! })),
    pupilsCompared: compared.length,
    pupilsFullyEvidenced: compared.filter((p) => p.results.every((r) => r.status !== 'not_evidenced')).length,
  };
}

/** The offer as a published report shows it: the share suppressed like every other share from small counts. */
export function publishOffer(offer: OfferFigures): PublishedOffer {
  return {
    framework: offer.framework,
    version: offer.version,
    source: offer.source,
    byArea: offer.byArea.map((a) => ({ label: AREA_LABELS[a.area], expectations: a.expectations })),
    fullyEvidenced: publishShare(offer.pupilsFullyEvidenced, offer.pupilsCompared),
  };
}
