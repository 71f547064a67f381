import { BadRequestException, Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter, type ValidationError } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  LOGGER,
  PROBLEM_CONTENT_TYPE,
  problemTitle,
  problemType,
  serviceUnavailable,
  type FieldError,
  type Logger,
  type ProblemDetails,
} from '#libs/core';
import { isDatabaseUnavailable } from '#libs/database';

/** Seconds a client is told to wait when PostgreSQL is away (Retry-After). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** A 400 whose body lists each invalid field. */
export class ValidationProblem extends BadRequestException {
  constructor(public readonly fieldErrors: FieldError[]) {
    super('The request has invalid fields');
  }
}

/** For the global ValidationPipe: nested errors become dotted field paths (`address.postcode`). */
export function validationExceptionFactory(errors: ValidationError[]): ValidationProblem {
  const out: FieldError[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const e of list) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(errors, '');
  return new ValidationProblem(out);
}

const SLUGS: Record<number, string> = { 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 429: 'rate-limited' };

/** Every error leaves as RFC 9457 application/problem+json. Server faults reveal nothing but the request id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const unavailable = isDatabaseUnavailable(exception);
    const problem = this.toProblem(
      unavailable ? serviceUnavailable(DATABASE_RETRY_AFTER_SECONDS, 'The database is unavailable; try again shortly') : exception,
    );
    problem.instance = request.url.split('?')[0];
    problem.requestId = String(request.id);
    if (unavailable) {
      // A lost or refused database connection: the request failed fast and nothing of it was kept. Logged by
      // error code only (no message, stack or SQL, which could hold parameters), and as a warning: it is an
      // outage to watch, not a bug.
      this.logger.warn({ err: { type: (exception as Error)?.name, code: errorCode(exception) } }, 'Database unavailable');
    } else if (problem.status >= 500) {
      const error = exception as Error;
      this.logger.error({ err: { type: error?.name, message: error?.message, stack: error?.stack } }, 'Unhandled error');
    }
    if (typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ValidationProblem) {
      return { type: problemType('validation'), title: problemTitle(400), status: 400, detail: exception.message, errors: exception.fieldErrors };
    }
    if (exception instanceof DomainError) {
      const problem: ProblemDetails = {
        type: problemType(exception.slug),
        title: problemTitle(exception.status),
        status: exception.status,
        detail: exception.message,
      };
      if (exception.errors) problem.errors = exception.errors;
      if (exception.extensions) Object.assign(problem, exception.extensions);
      return problem;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const detail = typeof response === 'string' ? response : (messageOf(response) ?? exception.message);
      return { type: problemType(SLUGS[status] ?? `http-${status}`), title: problemTitle(status), status, detail };
    }
    // Errors Fastify raises before Nest's handler (malformed JSON, wrong content type, body too large).
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        type: problemType(SLUGS[fastifyStatus] ?? `http-${fastifyStatus}`),
        title: problemTitle(fastifyStatus),
        status: fastifyStatus,
        detail: (exception as Error).message,
      };
    }
    return {
      type: problemType('internal'),
      title: problemTitle(500),
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id if you contact support.',
    };
  }
}

function errorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; driverError?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i += 1) {
    if (typeof e.code === 'string') return e.code;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return undefined;
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}
