// The SQL a request really runs, for the direct-`pg` and bare-Fastify baselines: the API module is built in
// this process exactly as production builds it (createApiApp), one request is injected, and every statement
// TypeORM sends for it (START TRANSACTION, the tenant settings, the queries, COMMIT) is recorded with its
// parameters through the data source's logger hook. The baselines then replay those statements verbatim.
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createLogger, loadConfig } from '#libs/core';
import { createApiApp } from '../../apps/api/app.factory.js';
import type { Script, Statement } from './pg-load.js';

export interface Capturer {
  /** Runs the request in process; returns its status, body and the statements it ran, in order. */
  capture(method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown): Promise<{ status: number; body: string; script: Script }>;
  close(): Promise<void>;
}

export async function startCapturer(env: NodeJS.ProcessEnv): Promise<Capturer> {
  const config = loadConfig('api', { ...env, LOG_LEVEL: 'warn' });
  const app: NestFastifyApplication = await createApiApp({ config, logger: createLogger('warn') });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const dataSource = app.get(DataSource);
  let recording: Statement[] | null = null;
  const original = dataSource.logger;
  const recorder = Object.assign(Object.create(Object.getPrototypeOf(original) as object) as typeof original, original, {
    logQuery(query: string, parameters?: unknown[]) {
      recording?.push({ sql: query, params: [...(parameters ?? [])].map(plain) });
    },
  });
  (dataSource as unknown as { logger: typeof original }).logger = recorder;
  return {
    async capture(method, url, token, body) {
      recording = [];
      try {
        const response = await fastify.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          payload: body ? JSON.stringify(body) : undefined,
        });
        return { status: response.statusCode, body: response.body, script: recording };
      } finally {
        recording = null;
      }
    },
    close: () => app.close(),
  };
}

/** Parameters as they cross to another process as JSON: dates as ISO text (PostgreSQL reads them the same). */
function plain(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
