import { DocumentScans, PgBlobStore, type ScanOutcome } from '#libs/attachments';
import { SystemClock, createLogger } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { ClamdScanner, parseClamdUrl } from '#libs/files';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { TestApi } from './api.js';

/** The EICAR test string, built here so no file of the repo is itself flagged by a scanner. */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

/** A small, valid-looking PDF (file-type knows it by its %PDF- header). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const uploadDocument = (api: TestApi, token: string, schoolId: string, pupilId: string, content: Buffer, filename: string) =>
  api
    .http()
    .post(`/v1/schools/${schoolId}/pupils/${pupilId}/documents`)
    .set('authorization', `Bearer ${token}`)
    .attach('file', content, { filename, contentType: 'application/pdf' });

/**
 * What the worker does for each document.uploaded event of a school still open: the scan, against the clamd
 * at `clamdUrl` (the harness's by default). Returns each event's outcome; a scanner that cannot answer throws.
 */
export async function scanUploads(dataSource: DataSource, schoolId: string, clamdUrl = process.env.CLAMD_URL ?? ''): Promise<ScanOutcome[]> {
  const tx = new TenantTransactions(dataSource);
  const scanner = new ClamdScanner({ address: parseClamdUrl(clamdUrl), timeoutMs: 10_000 });
  const scans = new DocumentScans(tx, new PgBlobStore(dataSource), scanner, new SystemClock(), createLogger('silent'));
  const events = await tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, (m) =>
    m.query<{ id: string }[]>(
      `select id from outbox_events where school_id = $1 and type = 'document.uploaded' and completed_at is null order by occurred_at, id`,
      [schoolId],
    ),
  );
  const outcomes: ScanOutcome[] = [];
  for (const { id } of events) outcomes.push(await scans.handle(schoolId, id));
  return outcomes;
}

/** A document on the pupil's record for the probe, fuzz and RLS suites (left pending: they need no clamd). */
export async function populateDocuments(api: TestApi, token: string, schoolId: string, pupilId: string): Promise<{ documentId: string }> {
  const res = await uploadDocument(api, token, schoolId, pupilId, PDF, 'probe-report.pdf');
  if (res.status !== 201) throw new Error(`uploading a document failed: ${JSON.stringify(res.body)}`);
  return { documentId: res.body.id as string };
}

/**
 * Marks done the events earlier suites left unrelayed (they ran without a worker), so a suite's own worker
 * handles only its own. `client` is the owner or superuser connection.
 */
export async function settleEarlierEvents(client: pg.Client): Promise<void> {
  await client.query('begin');
  await client.query(`select set_config('app.outbox_relay', 'on', true)`);
  await client.query(
    `update outbox_events set relayed_at = now(), processed_at = now(), completed_at = now() where relayed_at is null or completed_at is null`,
  );
  await client.query('commit');
}

/** The superuser on the test database (SUPERUSER_DATABASE_URL names the server's `postgres` one): sees past RLS. */
export async function superuserClient(): Promise<pg.Client> {
  const url = new URL(process.env.SUPERUSER_DATABASE_URL!);
  url.pathname = new URL(process.env.MIGRATION_DATABASE_URL!).pathname;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}
