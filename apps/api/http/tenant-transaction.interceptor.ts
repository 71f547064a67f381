import { Injectable, UnauthorizedException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AuthService, PrincipalChangedError, type Principal } from '#libs/auth';
import { TenantTransactions, type RunOptions } from '#libs/database';
import { decideAccess } from './access.guard.js';
import { BITMAP_SCANS, type BitmapScansWhen } from './bitmap-scans.decorator.js';
import { HASH_JOINS } from './hash-joins.decorator.js';
import { POLICY_KEY, type AccessPolicy } from './policy.decorator.js';
import { READ_REPLICA } from './read-replica.decorator.js';
import type { AppRequest } from './tenant-request.js';

/**
 * One transaction per authenticated request, opened with the tenant settings as its first statement.
 * Public routes get none: their services open the narrow transactions they need.
 *
 * A request that starts from a remembered principal (jwt.strategy.ts) has its transaction confirm it. If it is
 * no longer the database's, the transaction rolls back and the principal is loaded again: an ended session is
 * refused, and a changed one is decided again on the database's principal and the request run once more.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AppRequest>();
    const access = request.access;
    if (!access) return next.handle();
    const marked = (key: string) => this.reflector.getAllAndOverride<boolean | undefined>(key, [context.getHandler(), context.getClass()]) === true;
    const bitmapWhen = this.reflector.getAllAndOverride<BitmapScansWhen | undefined>(BITMAP_SCANS, [context.getHandler(), context.getClass()]);
    const options: RunOptions = {
      readOnly: marked(READ_REPLICA),
      hashJoins: marked(HASH_JOINS),
      bitmapScans: bitmapWhen ? bitmapWhen((request.query ?? {}) as Record<string, unknown>) : false,
    };
    const handle = (): Promise<unknown> => lastValueFrom(next.handle(), { defaultValue: undefined });
    const check = request.principalCheck;
    if (!check) return from(this.tx.run(access.scope, handle, options));
    return from(
      this.tx.run(access.scope, handle, { ...options, check }).catch(async (error: unknown) => {
        if (!(error instanceof PrincipalChangedError)) throw error;
        const remembered = request.user as Principal;
        const principal = await this.auth.loadPrincipal(remembered.userId, remembered.sessionId);
        if (!principal) throw new UnauthorizedException('Session has ended; sign in again');
        delete request.principalCheck;
        request.user = principal;
        const policy = this.reflector.getAllAndOverride<AccessPolicy>(POLICY_KEY, [context.getHandler(), context.getClass()]);
        decideAccess(request, principal, policy);
        return this.tx.run((request.access ?? access).scope, handle, options);
      }),
    );
  }
}
