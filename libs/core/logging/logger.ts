import { pino, type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { requestContext } from '../context/request-context.js';
import { LineBatch } from './line-batch.js';
import { redactLogObject } from './redact.js';

/**
 * Structured JSON logs. Each line carries the request id and school id from the request context.
 * Children's records are UK GDPR special category data, so log lines hold identifiers and counts only;
 * `redactLogObject` is a second line of defence for fields that must never appear even by mistake, at any
 * depth of what a log call passes (./redact.ts).
 *
 * Logs to `destination`, or to stdout in batches of a turn of the event loop (LineBatch).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactLogObject },
      mixin() {
        const ctx = requestContext.get();
        return ctx ? { requestId: ctx.requestId, schoolId: ctx.schoolId, userId: ctx.userId } : {};
      },
    },
    destination ?? new LineBatch(process.stdout),
  );
}

/** Adapts pino to Nest's LoggerService so framework messages are JSON too. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };
