/** The one source of "now", so tests can move time (token expiry, invitations, reminders). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
