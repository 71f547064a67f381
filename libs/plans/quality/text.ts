/** Wording, dates and numbers as the quality rules read and write them. Pure. */
import { oneYearBefore } from '#libs/core';

export const isBlank = (text: string | null | undefined) => text == null || text.trim() === '';

/** Compares wording: case, spacing and a trailing full stop are not a change; null = blank. */
export const normaliseText = (text: string | null) =>
  (text ?? '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?…]+$/, '');

/** A target's or provision's wording in a message, shortened so a long paragraph does not swamp it. */
export const quote = (text: string) => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= 60) return `"${clean}"`;
  const cut = clean.slice(0, 59);
  const space = cut.lastIndexOf(' ');
  return `"${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…"`;
};

/** Within the twelve months up to today: after the same day a year ago, not after today. */
export const inPastYear = (date: string, today: string) => date > oneYearBefore(today) && date <= today;

export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
export const NUMBER_WORDS = ['no', 'one', 'two'];

// ---------------------------------------------------------------------------------------------------------
// Measurable wording

/**
 * Wording that names a hope, not something anyone could count or observe: "become more confident",
 * "improve social skills", "making good progress". Each is matched on word boundaries, in any case.
 */
const VAGUE_WORDING: RegExp[] = [
  /\b(more|increased|greater|growing|improved)\s+(self[- ])?confiden(t|ce)\b/i,
  /\b(gains?|grows?|builds?|develops?)\s+(in\s+|his\s+|her\s+|their\s+)?(self[- ])?confidence\b/i,
  /\bsocial\s+skills\b/i,
  /\b(makes?|making)\s+((good|better|expected|more|accelerated|some|steady|great)\s+)?progress\b/i,
  /\bsettl(e[sd]?|ing)\b/i,
  /\b(be|feel|feels|become)\s+(a\s+lot\s+|much\s+)?(happier|happy)\b/i,
  /\bbetter\s+behaviou?r\b/i,
  /\bbehaves?\s+better\b/i,
  /\b(try|tries)\s+harder\b/i,
  /\bengage[sd]?\s+more\b/i,
  /\bmore\s+engaged\b/i,
  /\b(focus|focuses|concentrate|concentrates)\s+better\b/i,
  /\bpays?\s+(more\s+|better\s+)?attention\b/i,
  /\bmore\s+independent\b/i,
  /\bindependence\b/i,
  /\baccess\s+(to\s+)?the\s+((whole|full|wider)\s+)?curriculum\b/i,
  /\bdevelop(s|ing)?\s+(\S+\s+){0,3}skills\b/i,
  /\bwork(s|ing)?\s+towards?\b/i,
  // "improve his reading" says nothing about how much; "improve his reading to ..." is left to the anchors.
  /\bimprove[sd]?\s+((his|her|their)\s+)?(reading|writing|spelling|maths|number|behaviou?r|attention|focus|communication|speech|language)((\s*,\s*|\s+and\s+)(reading|writing|spelling|maths|number|behaviou?r|attention|focus|communication|speech|language))*\s*([.!;]|$)/i,
  /\bfeels?\s+(better|calmer|safer|more\s+(settled|secure|relaxed))\b/i,
  /\b(going|doing|is\s+doing|coming\s+on)\s+(really\s+)?well\b/i,
];

/** Anything that can be counted, timed, scored or checked: wording with one of these can be measured. */
const MEASURABLE_ANCHORS: RegExp[] = [
  /\d/,
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|all|every|half)\b/i,
  /%/,
  /\bper\s*cent\b/i,
  /\bout\s+of\b/i,
  /\btimes\b/i,
  /\bminutes?\b/i,
  /\bseconds?\b/i,
  /\bwords\b/i,
  /\bsounds\b/i,
  /\bsentences\b/i,
  /\bwithout\s+(an?\s+)?(adult\s+)?(prompts?|prompting|adults?|support|help|reminders?)\b/i,
  /\bindependently\s+on\b/i,
  /\bcorrectly\b/i,
  /\bscores?\b/i,
  /\blevel\b/i,
  /\breading\s+age\b/i,
  /\bstandardi[sz]ed\b/i,
];

export const isVague = (text: string) => VAGUE_WORDING.some((pattern) => pattern.test(text));
export const isAnchored = (text: string) => MEASURABLE_ANCHORS.some((pattern) => pattern.test(text));

/**
 * True when the target's wording can never be measured ("will become more confident") and nothing in it —
 * the description, the success criterion or the measure — gives a number, a count or a test to check it
 * by. Wording that is not vague is not judged here: a missing measure or criterion has its own flag.
 */
export function isUnmeasurable(description: string, successCriterion: string | null, measure: string | null): boolean {
  const wording = [description, successCriterion ?? ''];
  if (!wording.some(isVague)) return false;
  // The measure is an anchor source only: "observation of confidence" as a measure does not make a target vague.
  return ![...wording, measure ?? ''].some(isAnchored);
}
