// The generator thread of scripts/seed-scale.ts: generates the batch it is asked for and hands its COPY text
// back (the Buffers are transferred, not copied), so the next batch is generated while one is loading.
import { parentPort, workerData } from 'node:worker_threads';
import { TABLE_NAMES, generateSchool, newSinks, planTrusts, type SchoolSummary, type TableName } from './seed-scale-generate.js';

export interface WorkerInput {
  seed: string;
  today: number;
  schools: number;
  offset: number;
  batch: number;
}

export interface BatchResult {
  batch: number;
  schools: SchoolSummary[];
  tables: { table: TableName; rows: number; chunks: Uint8Array[] }[];
  ms: number;
}

const input = workerData as WorkerInput;
const ctx = { seed: input.seed, today: input.today, trusts: planTrusts(input.seed, input.schools) };

parentPort!.on('message', (batch: number) => {
  const started = performance.now();
  const first = batch * input.batch;
  const last = Math.min(input.schools, first + input.batch);
  const sinks = newSinks();
  const schools: SchoolSummary[] = [];
  for (let i = first; i < last; i++) schools.push(generateSchool(ctx, i, input.offset + i, sinks));
  const tables = TABLE_NAMES.map((table) => ({ table, rows: sinks[table].rows, chunks: sinks[table].take() }));
  const transfer = [...new Set(tables.flatMap((t) => t.chunks.map((c) => c.buffer as ArrayBuffer)))];
  const result: BatchResult = { batch, schools, tables, ms: performance.now() - started };
  parentPort!.postMessage(result, transfer);
});
