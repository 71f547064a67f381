#!/usr/bin/env node
// Writes apps/api/swagger-metadata.ts: what the @nestjs/swagger CLI plugin would add to the DTOs at compile
// time (types, optional and nullable, enums, class-validator limits, JSDoc descriptions), read from the
// TypeScript sources by the plugin's ReadonlyVisitor. Loaded with SwaggerModule.loadPluginMetadata
// (apps/api/app.factory.ts), it works whatever compiles the code: tsc for production, SWC for jest and
// `nest build`. Committed; `npm run openapi` regenerates it and test/swagger-metadata.spec.ts fails when stale.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';

export const METADATA_FILE = 'swagger-metadata.ts';

/** Generates the metadata into `outputDir` (apps/api by default; a test passes a scratch directory). */
export function generateSwaggerMetadata(outputDir = resolve('apps/api')) {
  // The previous file is part of the program the generator type-checks; when replacing it, a stale one (naming
  // a class since renamed) must not fail the run.
  if (resolve(outputDir) === resolve('apps/api')) rmSync(resolve(outputDir, METADATA_FILE), { force: true });
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        introspectComments: true,
        classValidatorShim: true,
        esmCompatible: true,
        pathToSource: resolve('apps/api'),
        dtoFileNameSuffix: ['.dto.ts', '.controller.ts', 'paging.ts'],
        controllerFileNameSuffix: ['.controller.ts'],
      }),
    ],
    outputDir,
    filename: METADATA_FILE,
    tsconfigPath: 'tsconfig.build.json',
    printDiagnostics: false,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) generateSwaggerMetadata();
