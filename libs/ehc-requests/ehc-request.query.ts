import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import type { RequestState } from './ehc-clocks.js';
import { EhcRequestEvent } from './ehc-request-event.entity.js';
import { EhcRequest } from './ehc-request.entity.js';
import { viewOf, type EhcRequestView } from './ehc-request.view.js';

export interface EhcRequestPage {
  /** Each with the pupil's name as the school uses it, so the SENCO's list says whose request it is. */
  items: (EhcRequestView & { pupilName: string })[];
  total: number;
  offset: number;
  limit: number;
}

/** Requests with their events, for one school (a school has tens of requests a year, so all are read). */
export async function loadViews(m: EntityManager, schoolId: string, asOf: string, where: { id?: string; pupilId?: string } = {}): Promise<EhcRequestView[]> {
  const requests = await m.find(EhcRequest, { where: { schoolId, ...where }, order: { createdAt: 'DESC', id: 'ASC' } });
  if (requests.length === 0) return [];
  const events = await m.find(EhcRequestEvent, { where: { schoolId, requestId: In(requests.map((r) => r.id)) }, order: { recordedAt: 'ASC', id: 'ASC' } });
  return requests.map((r) =>
    viewOf(
      r,
      events.filter((e) => e.requestId === r.id),
      asOf,
    ),
  );
}

/** Reads of requests and their clocks for the SENCO, the head and the trust lead. */
@Injectable()
export class EhcRequestQuery {
  constructor(private readonly tx: TenantTransactions) {}

  async get(scope: SchoolScope, requestId: string, asOf: string): Promise<EhcRequestView> {
    const [view] = await loadViews(this.tx.manager(), scope.schoolId, asOf, { id: requestId });
    if (!view) throw notFound('EHC needs-assessment request');
    return view;
  }

  async forPupil(scope: SchoolScope, pupilId: string, asOf: string): Promise<EhcRequestView[]> {
    return loadViews(this.tx.manager(), scope.schoolId, asOf, { pupilId });
  }

  /** The school's requests, newest first, optionally only those in one state. */
  async page(scope: SchoolScope, asOf: string, filter: { state?: RequestState }, offset: number, limit: number): Promise<EhcRequestPage> {
    const m = this.tx.manager();
    const all = (await loadViews(m, scope.schoolId, asOf)).filter((v) => !filter.state || v.state === filter.state);
    const shown = all.slice(offset, offset + limit);
    const names = await m.query<{ id: string; name: string }[]>(
      `select id, coalesce(preferred_first_name, legal_first_name) || ' ' || coalesce(preferred_last_name, legal_last_name) as name
         from pupils where school_id = $1 and id = any($2::uuid[])`,
      [scope.schoolId, shown.map((v) => v.request.pupilId)],
    );
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    return { items: shown.map((v) => ({ ...v, pupilName: nameOf.get(v.request.pupilId) ?? '' })), total: all.length, offset, limit };
  }
}
