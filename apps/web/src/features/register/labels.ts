/** The register's words and colours shared by its pages (the register list and a pupil's page). */

/** A status tag's colour; the words in the tag carry the meaning, the colour only repeats it. */
export const statusTone = (s: string) => (s === 'K' ? 'blue' : s === 'E' ? 'green' : s === 'monitoring' ? 'yellow' : 'grey');

/** Year groups, in order, for the register's filter. */
export const YEARS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
