// Writes openapi.json from the code. Needs the services running (the app connects at init): `npm run openapi`.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createLogger, loadConfig } from '#libs/core';
import { buildOpenApiDocument, createApiApp } from '../apps/api/app.factory.js';

const app = await createApiApp({ config: loadConfig('api'), logger: createLogger('warn') });
await app.init();
writeFileSync('openapi.json', `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
await app.close();
process.stdout.write('openapi.json written\n');
