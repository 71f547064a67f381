/**
 * RFC 9457 problem details. Every error the API returns has this shape, with `errors` listing each field
 * for validation failures.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
}

/** A stable `type` URI per kind of problem; relative, so it resolves against the API's own host. */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

/** A domain error that carries its HTTP meaning, so libs stay free of HTTP classes. */
export class DomainError extends Error {
  constructor(
    public readonly status: number,
    public readonly slug: string,
    message: string,
    public readonly errors?: FieldError[],
    /** Extra problem members, e.g. retryAfter. */
    public readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(404, 'not-found', `${what} not found`);
export const conflict = (message: string, errors?: FieldError[]) => new DomainError(409, 'conflict', message, errors);
export const forbidden = (message = 'You do not have permission to do this') => new DomainError(403, 'forbidden', message);
export const unauthorized = (message = 'Authentication is required') => new DomainError(401, 'unauthorized', message);
export const invalid = (errors: FieldError[], message = 'The request has invalid fields') => new DomainError(400, 'validation', message, errors);
export const rateLimited = (retryAfter: number) =>
  new DomainError(429, 'rate-limited', `Too many attempts; try again in ${retryAfter} seconds`, undefined, { retryAfter });
/**
 * A dependency the request needs (PostgreSQL) cannot be reached right now; the client may retry after
 * `retryAfter` seconds. The request's transaction did not commit (or, if the connection broke just after
 * its COMMIT reached the server, committed whole): nothing of it is ever half-written.
 */
export const serviceUnavailable = (retryAfter = 5, message = 'The service is temporarily unavailable; try again shortly') =>
  new DomainError(503, 'service-unavailable', message, undefined, { retryAfter });
