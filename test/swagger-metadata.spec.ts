import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METADATA_FILE, generateSwaggerMetadata } from '../scripts/swagger-metadata.mjs';

// apps/api/swagger-metadata.ts is generated from the DTO sources and committed (the API loads it at boot, so
// no build step can forget it); like openapi.json, it must match what the sources give now.
it('the committed Swagger metadata matches the DTO sources (run `npm run openapi`)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'swagger-metadata-'));
  try {
    generateSwaggerMetadata(scratch);
    expect(readFileSync(join(scratch, METADATA_FILE), 'utf8')).toBe(readFileSync(join('apps/api', METADATA_FILE), 'utf8'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}, 180_000);
