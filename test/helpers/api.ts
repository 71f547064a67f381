import { Writable } from 'node:stream';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createLogger, loadConfig, type Clock } from '#libs/core';
import { TEST_PASSWORD } from '#libs/testing';
import { createApiApp } from '../../apps/api/app.factory.js';
import { completeSecondFactor } from './two-factor.js';

export interface TestApi {
  app: NestFastifyApplication;
  dataSource: DataSource;
  /** Every log line the app wrote, for asserting that no personal data reaches the logs. */
  logs: string[];
  http: () => ReturnType<typeof request>;
  login: (email: string, password?: string) => Promise<{ accessToken: string; refreshToken: string }>;
  close: () => Promise<void>;
}

/** The whole API, as production builds it, against the real PostgreSQL and Redis the test run started. */
export async function startTestApi(options: { env?: Record<string, string>; extraControllers?: Type[]; clock?: Clock } = {}): Promise<TestApi> {
  const config = loadConfig('api', { ...process.env, ...options.env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const app = await createApiApp({ config, logger: createLogger('info', sink), extraControllers: options.extraControllers, clock: options.clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  return {
    app,
    dataSource: app.get(DataSource),
    logs,
    http,
    async login(email, password = TEST_PASSWORD) {
      const res = await http().post('/v1/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${JSON.stringify(res.body)}`);
      // Platform admins always need a second factor (docs/security.md, "Two-factor").
      return res.body.secondFactorRequired ? completeSecondFactor(http, email, res.body) : res.body;
    },
    close: () => app.close(),
  };
}

/** supertest's parser for binary bodies (PDFs): `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Asserts the RFC 9457 shape and returns the body. */
export function expectProblem(res: request.Response, status: number): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
  expect(typeof res.body.requestId).toBe('string');
  return res.body;
}
