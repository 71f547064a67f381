import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { TenantTransactions } from '#libs/database';
import { HASH_JOINS } from './hash-joins.decorator.js';
import { READ_REPLICA } from './read-replica.decorator.js';
import type { AppRequest } from './tenant-request.js';

/**
 * One transaction per authenticated request, opened with the tenant settings as its first statement.
 * Public routes get none: their services open the narrow transactions they need.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const access = context.switchToHttp().getRequest<AppRequest>().access;
    if (!access) return next.handle();
    const marked = (key: string) => this.reflector.getAllAndOverride<boolean | undefined>(key, [context.getHandler(), context.getClass()]) === true;
    const options = { readOnly: marked(READ_REPLICA), hashJoins: marked(HASH_JOINS) };
    return from(this.tx.run(access.scope, () => lastValueFrom(next.handle(), { defaultValue: undefined }), options));
  }
}
