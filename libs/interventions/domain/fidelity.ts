/**
 * Delivery below this share of what was planned is flagged (the fidelity of the provision): on the provision
 * map and in a pupil's plan quality check alike.
 */
export const FIDELITY_THRESHOLD = 0.8;
