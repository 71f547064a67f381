import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Delivery, type DeliveryStatus } from './delivery.entity.js';

export interface DeliveryPage {
  offset: number;
  limit: number;
}

export const NEEDS_ATTENTION: DeliveryStatus[] = ['failed', 'bounced', 'needs_action'];

/** The delivery log: every message for a pupil, and the school's deliveries that need someone to act. */
@Injectable()
export class DeliveryLogQuery {
  constructor(private readonly tx: TenantTransactions) {}

  async forPupil(scope: SchoolScope, pupilId: string): Promise<Delivery[]> {
    return this.tx.manager().find(Delivery, { where: { schoolId: scope.schoolId, pupilId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** A page of the deliveries someone must act on, newest change first, with how many there are in all. */
  async needingAttention(scope: SchoolScope, page: DeliveryPage): Promise<{ total: number; items: Delivery[] }> {
    const [items, total] = await this.tx
      .manager()
      .createQueryBuilder(Delivery, 'd')
      .where('d.school_id = :schoolId and (d.status in (:...statuses) or d.possible_duplicate)', { schoolId: scope.schoolId, statuses: NEEDS_ATTENTION })
      .orderBy('d.updated_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { total, items };
  }

  async byStatus(scope: SchoolScope, statuses: DeliveryStatus[], page: DeliveryPage): Promise<{ total: number; items: Delivery[] }> {
    const [items, total] = await this.tx.manager().findAndCount(Delivery, {
      where: { schoolId: scope.schoolId, status: In(statuses) },
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { total, items };
  }
}
