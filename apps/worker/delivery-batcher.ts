import type { DeliverOutcome, DeliveryResult } from '#libs/notifications';

export interface BatchedDelivery {
  /** null: platform mail (an account email to someone in no school). */
  schoolId: string | null;
  deliveryId: string;
  finalAttempt: boolean;
}

type Send = (jobs: BatchedDelivery[]) => Promise<DeliveryResult[]>;

interface Waiting {
  delivery: BatchedDelivery;
  /** When it was submitted (performance.now()). */
  since: number;
  resolve: (outcome: DeliverOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the deliver jobs running at once into batches, so a backlog of email costs two transactions per batch
 * rather than three per message (issue 24: email at the pool's speed). With nothing running, a job goes at once,
 * alone if it is alone: a lone notification never waits. While batches are running the pool is busy with them,
 * so a job waits for company, at most `gatherMs` or until `maxBatch` are waiting, and then for a free slot (at
 * most `maxInFlight` batches run). Without that wait, each job of a finished batch fetched its successor from
 * the queue one round trip apart, and the first went alone as a batch of one between two of fifty.
 * A batch is of any schools (a backlog interleaves them) or else all platform mail, which has a scope of its own.
 * Each job still settles on its own delivery's result, so BullMQ retries, backs off and fails each delivery as
 * before.
 */
export class DeliveryBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: Send,
    private readonly maxBatch = 50,
    private readonly maxInFlight = 4,
    private readonly gatherMs = 5,
  ) {}

  submit(delivery: BatchedDelivery): Promise<DeliverOutcome> {
    return new Promise<DeliverOutcome>((resolve, reject) => {
      this.waiting.push({ delivery, since: performance.now(), resolve, reject });
      this.pump();
    });
  }

  /** How many batches are being sent now (for tests). */
  get running(): number {
    return this.inFlight;
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const waited = performance.now() - this.waiting[0]!.since;
      if (this.inFlight > 0 && this.waiting.length < this.maxBatch && waited < this.gatherMs) {
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.pump();
        }, this.gatherMs - waited);
        return;
      }
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest waiting job and up to maxBatch - 1 more of its side (a school's, or platform mail), in the order they came. */
  private takeBatch(): Waiting[] {
    const platform = this.waiting[0]!.delivery.schoolId === null;
    const batch: Waiting[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.maxBatch;) {
      if ((this.waiting[i]!.delivery.schoolId === null) === platform) batch.push(...this.waiting.splice(i, 1));
      else i += 1;
    }
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.send(batch.map((w) => w.delivery));
      batch.forEach((w, i) => {
        const result = results[i]!;
        if (typeof result === 'string') w.resolve(result);
        else w.reject(result.retry);
      });
    } catch (err) {
      // The batch's transaction failed (the database away): every job of it is retried.
      for (const w of batch) w.reject(err);
    }
  }
}
