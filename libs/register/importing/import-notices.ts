import type { LinkedContact } from '../contacts.service.js';
import type { SenStatusEntry } from '../sen-status-entry.entity.js';
import type { RowPlan } from './import-plan.js';

/**
 * What a commit would send: formal notices that SEN Support has begun (CFA 2014 s.68 and Code of Practice
 * 6.43; docs/domain.md, The law and guidance), and to how many parents with parental responsibility.
 */
export interface ImportNotices {
  /** Pupils entering SEN Support (K) whose parents would be sent the formal notice. */
  toSend: number;
  /** Distinct parents and carers with parental responsibility those notices would go to. */
  parents: number;
  /** Pupils entering SEN Support before the go-live date: recorded as told outside the product, nothing sent. */
  givenOutside: number;
  /** The go-live date this report used: the school's, or the one given with the request. */
  goLiveDate: string | null;
  /** Whether the commit must be given a go-live date: the school has none and the file places pupils on SEN Support. */
  goLiveRequired: boolean;
}

interface RowNotice {
  entersK: boolean;
  outside: boolean;
  parents: string[];
  placesOnRegister: boolean;
}

const entersK = (plan: RowPlan, current: SenStatusEntry | null) => plan.sen?.status === 'K' && current?.status !== 'K';

/**
 * Tallies per row, then totals over the rows still accepted at the end (a row can be rejected after it was
 * planned, when a later row turns out to share its UPN).
 */
export class NoticeTally {
  private readonly rows = new Map<number, RowNotice>();

  constructor(
    private readonly goLive: string | null,
    private readonly schoolHasGoLive: boolean,
  ) {}

  /** Support that began before go-live was the school's to notify, before it used this product. */
  givenOutside(plan: RowPlan, current: SenStatusEntry | null): boolean {
    return entersK(plan, current) && this.goLive !== null && plan.sen!.startDate < this.goLive;
  }

  add(row: number, plan: RowPlan, current: SenStatusEntry | null, linked: LinkedContact[]): void {
    if (!plan.sen) return;
    const onRegister = (s: string | undefined) => s === 'K' || s === 'E';
    const parents = [
      ...linked.filter((c) => c.parentalResponsibility).map((c) => c.contactId),
      // A parent the file adds is counted once across siblings by email (as the import links them).
      ...plan.contacts.flatMap((c) =>
        c.kind !== 'update' && c.link.parentalResponsibility
          ? [c.kind === 'link' ? (c.contactId.startsWith('pending:') ? c.email : c.contactId) : (c.details.email ?? `row ${row} contact ${c.slot}`)]
          : [],
      ),
    ];
    this.rows.set(row, {
      entersK: entersK(plan, current),
      outside: this.givenOutside(plan, current),
      parents,
      placesOnRegister: onRegister(plan.sen.status) && !onRegister(current?.status),
    });
  }

  summary(accepted: (row: number) => boolean): ImportNotices {
    let toSend = 0;
    let givenOutside = 0;
    let places = 0;
    const parents = new Set<string>();
    for (const [row, notice] of this.rows) {
      if (!accepted(row)) continue;
      if (notice.placesOnRegister) places += 1;
      if (!notice.entersK) continue;
      if (notice.outside) givenOutside += 1;
      else {
        toSend += 1;
        for (const p of notice.parents) parents.add(p);
      }
    }
    return {
      toSend,
      parents: parents.size,
      givenOutside,
      goLiveDate: this.goLive,
      goLiveRequired: !this.schoolHasGoLive && this.goLive === null && places > 0,
    };
  }
}
