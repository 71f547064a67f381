import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ValidationPipe, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { JsonLogger, PROBLEM_CONTENT_TYPE, problemTitle, problemType, requestContext } from '#libs/core';
import { ApiModule, type ApiModuleOptions } from './api.module.js';
import { validationExceptionFactory } from './http/problem.filter.js';
import { rememberValidationRules } from './http/validation-metadata.js';
import { NoNulPipe } from './http/validators.js';
import swaggerMetadata from './swagger-metadata.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the API exactly as production runs it; tests call this too. Call `listen` or `init` after. */
export async function createApiApp(options: ApiModuleOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // A caller's request id is kept when it looks like one, so traces join up across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    trustProxy: options.config.trustProxy,
    logger: false,
    // A request the HTTP parser refuses before any route sees it (a URL or headers past 16 KB, a malformed
    // request line) still gets problem+json, like every other error; the connection is then closed.
    clientErrorHandler: (error: Error & { code?: string }, socket: import('node:net').Socket) => {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const body = JSON.stringify({
        type: problemType('malformed-request'),
        title: problemTitle(status),
        status,
        detail: 'The request could not be read (its URL or headers may be too long)',
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${problemTitle(status)}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy(error);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(options), adapter, {
    logger: new JsonLogger(options.logger),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ requestId: String(request.id) }, done);
  });
  // Security headers on every response. HTML the API serves (evidence packs, public reports) holds text people
  // typed: escaped when rendered, and a strict content policy besides, so nothing in it can run or call out.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    if (options.config.publicUrl.startsWith('https://')) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const type = String(reply.getHeader('content-type') ?? '');
    // The API docs page runs its own scripts; every other HTML response runs none.
    if (type.startsWith('text/html') && !request.url.startsWith('/docs') && !reply.hasHeader('content-security-policy')) {
      void reply.header(
        'content-security-policy',
        "default-src 'none'; img-src https:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    }
    done(null, payload);
  });
  // Method, route pattern, status and timing only: never bodies, query strings or names.
  fastify.addHook('onResponse', (request, reply, done) => {
    options.logger.info(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });
  // CSV uploads reach the import as a stream: it reads them row by row and enforces its own size limit.
  fastify.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));
  // Document uploads (multipart/form-data): the route reads the one file part as a stream into the BlobStore,
  // which enforces DOCUMENT_MAX_BYTES; nothing is buffered to disk or memory here.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 0, parts: 1, fileSize: options.config.documents.maxBytes + 1 } });
  // Cross-origin browser calls only from the configured origins (CORS_ORIGINS); with none configured no CORS
  // header is ever sent, so a browser refuses every cross-origin read.
  if (options.config.corsOrigins.length > 0) {
    app.enableCors({
      origin: options.config.corsOrigins,
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'x-csrf-token'],
      exposedHeaders: ['x-request-id', 'retry-after', 'content-disposition'],
      maxAge: 600,
    });
  }
  await serveWebApp(app);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  rememberValidationRules();
  app.useGlobalPipes(
    new NoNulPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }),
  );
  app.enableShutdownHooks();
  // What the Swagger CLI plugin reads from the DTOs' types and comments (scripts/swagger-metadata.mjs).
  await SwaggerModule.loadPluginMetadata(swaggerMetadata);
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/** Where `vite build` puts the web app (apps/web/vite.config.ts). */
export const WEB_ROOT = resolve('dist/web');
// The web app's own pages run only its own scripts and styles and talk only to this origin.
const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the built web app (apps/web) from the same origin as the API, so its session cookie can be
 * SameSite=Strict and no CORS is needed. The app's client-side pages all load index.html; its files are
 * content-hashed, so they are cached for a year. Without a build (API-only tests) nothing is served.
 */
async function serveWebApp(app: NestFastifyApplication): Promise<void> {
  if (!existsSync(resolve(WEB_ROOT, 'index.html'))) return;
  await app.register(fastifyStatic as never, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (reply: import('fastify').FastifyReply, path: string) => {
      if (path.includes('/assets/')) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      if (path.endsWith('.html')) void reply.header('content-security-policy', WEB_CSP);
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const page = (_request: unknown, reply: import('fastify').FastifyReply) =>
    // index.html names the current assets, so browsers check it on every load (no-cache); the assets never change.
    reply.header('content-security-policy', WEB_CSP).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  for (const url of ['/', '/app', '/app/*', '/invitations/accept', '/shared/*']) fastify.get(url, page);
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SEN Manager API')
    .setDescription(
      'SEN register, support plans, interventions, reviews, notifications and the SEN Information Report for schools in England. Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return declarePathParameters(SwaggerModule.createDocument(app, config));
}

/**
 * A controller's own path parameters (`schools/:schoolId`, `staff/:userId`) are not declared by the routes
 * under it, so clients generated from the document would not know them. Every `{name}` in a path template is
 * declared here as a required path parameter (a uuid, except where the route declares it otherwise).
 */
export function declarePathParameters(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const declared = new Set((operation.parameters ?? []).filter((p) => 'in' in p && p.in === 'path').map((p) => ('name' in p ? p.name : '')));
      const missing = names.filter((name) => !declared.has(name));
      if (missing.length === 0) continue;
      operation.parameters = [
        ...missing.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const, format: 'uuid' } })),
        ...(operation.parameters ?? []),
      ];
    }
  }
  return document;
}
