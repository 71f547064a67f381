import type { NeedDescription, VersionFacts } from '../domain/plan.types.js';
import { isBlank } from './text.js';

/**
 * Two judgements on free text, kept simple enough to explain to a SENCO: whether needs are described
 * specifically, and whether a professional's recommendation shows up in the plan.
 */

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Need codes (census and common), diagnostic labels and the general words that on their own say nothing. */
const LABELS = new Set(
  (
    'spld mld sld pmld semh slcn asd asc hi vi msi pd ds oth nsa adhd add dcd send sen ' +
    'dyslexia dyslexic dyspraxia dyspraxic dyscalculia autism autistic adhd diagnosis diagnosed condition disorder ' +
    'needs need special educational learning difficulty difficulties issues issue problems problem concerns concern ' +
    'general generally some low ability behaviour behavioural support help extra additional struggles struggling delay delayed ' +
    'speech language communication social emotional mental health sensory physical cognition interaction moderate severe specific'
  ).split(' '),
);
const STOP = new Set('a an the and or of to in on at for is are be has have with he she they his her their it this that as by from'.split(' '));

/** At least this many words of a need's description are neither a label, a general word nor a small word. */
export const SPECIFIC_WORDS = 3;

/**
 * Needs are described specifically when there is at least one and each says, in a few words of its own,
 * what the pupil finds hard ("blends three-sound words only with help") rather than a code or a label
 * ("SLCN", "dyslexia", "has learning difficulties").
 */
export function needsAreSpecific(needs: NeedDescription[]): boolean {
  if (needs.length === 0) return false;
  return needs.every((need) => words(need.description).filter((w) => !LABELS.has(w) && !STOP.has(w)).length >= SPECIFIC_WORDS);
}

/** Words that carry no subject matter in a recommendation: ignored when matching it against the plan. */
const FILLER = new Set(
  (
    'should would could will shall must recommend recommended recommends recommendation suggest suggested continue continued ' +
    'pupil child student school staff class adult adults that this with from have into also their them they when where which what about ' +
    'more than some each every daily weekly week weeks session sessions time times regular regularly using use used provide provided ' +
    'support supported help helped work working access given give make made consider considered ensure further'
  ).split(' '),
);

/** The stems (first five letters) of a text's words of four letters or more, fillers and small words left out. */
const stems = (text: string) =>
  new Set(
    words(text)
      .filter((w) => w.length >= 4 && !FILLER.has(w) && !STOP.has(w))
      .map((w) => w.slice(0, 5)),
  );

/** A recommendation list, one item per line, bullet, semicolon or sentence. */
export const recommendationItems = (recommendations: string | null): string[] =>
  isBlank(recommendations)
    ? []
    : recommendations!
        .split(/\n|;|•|(?<=[.!?])\s+/)
        .map((item) => item.replace(/^[\s\-*•\d.)]+/, '').trim())
        .filter((item) => stems(item).size > 0);

/**
 * The recommendations of a report no target or support of the plan reflects. A recommendation is reflected
 * when the wording of some target (description, measure, success criterion) or support shares at least
 * two of its words (one, if it has only one) — compared on their first five letters, so "phonics" meets
 * "phonic" and "visuals" meets "visual timetable".
 */
export function unreflectedRecommendations(recommendations: string | null, version: VersionFacts): string[] {
  const planText = [
    ...version.targets.flatMap((t) => [t.description, t.measure ?? '', t.successCriterion ?? '']),
    ...version.provisions.map((p) => p.description),
  ].join(' ');
  const inPlan = stems(planText);
  return recommendationItems(recommendations).filter((item) => {
    const own = [...stems(item)];
    const shared = own.filter((s) => inPlan.has(s)).length;
    return shared < Math.min(2, own.length);
  });
}
