import { Readable } from 'node:stream';
import { getSchemaPath } from '@nestjs/swagger';
import { invalid } from '#libs/core';
import { readCsvFramework, readJsonFramework, type FrameworkFile, type OapFramework } from '#libs/oap';
import type { AppRequest } from '../../http/tenant-request.js';
import type { OapImportQuery } from './oap-import-query.dto.js';
import { OapFrameworkFileDto, type OapFrameworkSummaryDto } from './oap.dto.js';

/**
 * The framework file of an import request: CSV (text/csv, the framework's own fields in the query) or JSON. Any
 * error, each naming its row and field, refuses the whole file: nothing is imported.
 */
export async function frameworkFromRequest(request: AppRequest, query: OapImportQuery): Promise<FrameworkFile> {
  const { commit: _commit, ...fields } = query;
  const header = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  let read;
  if (request.body instanceof Readable) read = await readCsvFramework(request.body, header);
  else if (Object.keys(header).length > 0)
    read = { file: null, errors: Object.keys(header).map((field) => ({ field, message: 'belongs in the JSON file itself' })) };
  else read = readJsonFramework(request.body);
  if (!read.file) throw invalid(read.errors.slice(0, 200), 'The framework file has errors; nothing was imported');
  return read.file;
}

/** The request body as openapi.json describes it: a JSON framework file, or a CSV of expectations. */
export const FRAMEWORK_BODY = {
  description: 'A framework file: JSON (OapFrameworkFileDto), or CSV (text/csv) with the framework fields as query parameters (docs/oap.md)',
  content: {
    'application/json': { schema: { $ref: getSchemaPath(OapFrameworkFileDto) } },
    'text/csv': { schema: { type: 'string' as const, format: 'binary' } },
  },
};

export const summaryOf = (f: OapFramework): OapFrameworkSummaryDto => ({
  id: f.id,
  laCode: f.laCode,
  name: f.name,
  version: f.version,
  effectiveFrom: f.effectiveFrom,
  sourceCitation: f.sourceCitation,
  scale: f.scale,
});
