import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditModule } from '#libs/audit';
import { TenantTransactions } from '#libs/database';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { ClamdScanner, VIRUS_SCANNER, blobStoreProvider, parseClamdUrl } from '#libs/files';
import { OutboxModule } from '#libs/outbox';
import { DocumentCopies } from './document-copies.js';
import { DocumentScans } from './document-scans.js';
import { DocumentsService } from './documents.service.js';
import { PgBlobStore } from './pg-blob-store.js';

/** Documents on pupils' records, their store (FILE_STORAGE) and their scan (clamd at CLAMD_URL). */
@Module({
  imports: [AuditModule, OutboxModule],
  providers: [
    blobStoreProvider({
      inject: [DataSource, TenantTransactions],
      create: (dataSource: DataSource, tx: TenantTransactions) => new PgBlobStore(dataSource, tx),
    }),
    {
      provide: VIRUS_SCANNER,
      inject: [APP_CONFIG],
      // Only the worker scans; building the client opens no connection, so the API may hold one unused.
      useFactory: (config: AppConfig) => new ClamdScanner({ address: parseClamdUrl(config.documents.clamdUrl), timeoutMs: config.documents.scanTimeoutMs }),
    },
    DocumentsService,
    DocumentScans,
    DocumentCopies,
  ],
  exports: [DocumentsService, DocumentScans, DocumentCopies],
})
export class AttachmentsModule {}
