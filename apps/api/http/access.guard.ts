import { ForbiddenException, Inject, Injectable, NotFoundException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthService, rolesIn, type Principal, type Role } from '#libs/auth';
import { LOGGER, requestContext, type Logger } from '#libs/core';
import { schoolScope, type PupilAccess } from '#libs/database';
import { POLICY_KEY, type AccessPolicy } from './policy.decorator.js';
import type { AppRequest } from './tenant-request.js';

/**
 * Which pupils a caller's roles in a school let the database show. The register keepers see every pupil;
 * a teacher those they teach; a parent their own children; a platform admin none.
 */
export function pupilAccessFor(roles: readonly Role[]): PupilAccess {
  if (roles.some((r) => r === 'senco' || r === 'head' || r === 'trust_lead')) return 'all';
  const access: ('taught' | 'linked')[] = [];
  if (roles.includes('teacher')) access.push('taught');
  if (roles.includes('parent')) access.push('linked');
  return access;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decides what `principal` may do on this request under `policy`, and records it as `request.access`; throws
 * the refusal otherwise. The tenant comes from the principal's memberships; a :schoolId in the path only selects
 * among them.
 */
export function decideAccess(request: AppRequest, principal: Principal, policy: AccessPolicy): void {
  const schoolId = (request.params as Record<string, string> | undefined)?.schoolId;
  if (schoolId !== undefined) return allowInSchool(request, principal, policy, schoolId);

  // Outside a school: a platform admin, or a trust lead acting across the schools of their trust.
  const trustSchools = Object.entries(principal.schoolRoles)
    .filter(([, r]) => r.includes('trust_lead'))
    .map(([id]) => id)
    .sort();
  const roles: Role[] = [...(principal.isPlatformAdmin ? (['admin'] as const) : []), ...(trustSchools.length > 0 ? (['trust_lead'] as const) : [])];
  if (policy.kind === 'roles' && !policy.roles.some((r) => roles.includes(r))) throw new ForbiddenException('Your role may not do this');
  const platformAdmin = policy.kind === 'roles' && roles.includes('admin') && policy.roles.includes('admin');
  const asTrustLead = policy.kind === 'roles' && policy.roles.includes('trust_lead') && trustSchools.length > 0;
  request.access = {
    principal,
    roles,
    scope: asTrustLead ? { schoolIds: trustSchools, userId: principal.userId, pupilAccess: 'all' } : { schoolIds: [], userId: principal.userId, platformAdmin },
  };
}

function allowInSchool(request: AppRequest, principal: Principal, policy: AccessPolicy, schoolId: string): void {
  // An id the caller has no role in looks the same as one that does not exist.
  if (!UUID.test(schoolId)) throw new NotFoundException('School not found');
  const roles = [...rolesIn(principal, schoolId)];
  if (principal.isPlatformAdmin) roles.push('admin');
  if (roles.length === 0) throw new NotFoundException('School not found');
  if (policy.kind === 'roles' && !policy.roles.some((r) => roles.includes(r))) throw new ForbiddenException('Your role may not do this');
  requestContext.assign({ schoolId });
  request.access = {
    principal,
    roles,
    school: schoolScope(schoolId),
    scope: { schoolIds: [schoolId], userId: principal.userId, platformAdmin: roles.includes('admin'), pupilAccess: pupilAccessFor(roles) },
  };
}

/**
 * The one global guard. Deny by default: a route with no declared policy is refused. The tenant comes from
 * the principal's memberships in the database; a :schoolId in the path only selects among them.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly auth: AuthService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AppRequest>();
    if (!policy) {
      this.logger.error({ route: request.routeOptions?.url }, 'Route declares no access policy; refused');
      throw new ForbiddenException('This route declares no access policy');
    }
    if (policy.kind === 'public') return true;

    await super.canActivate(context);
    const principal = request.user as Principal;
    requestContext.assign({ userId: principal.userId });
    try {
      decideAccess(request, principal, policy);
    } catch (refusal) {
      // A principal remembered from an earlier request may be behind the database's: a refusal stands only on
      // the database's own.
      if (!request.principalCheck) throw refusal;
      delete request.principalCheck;
      const now = await this.auth.loadPrincipal(principal.userId, principal.sessionId);
      if (!now) throw new UnauthorizedException('Session has ended; sign in again');
      request.user = now;
      decideAccess(request, now, policy);
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- passport's error, rethrown unchanged for the exception filter
    if (error) throw error;
    if (!user) {
      const reason = info instanceof Error && info.name === 'TokenExpiredError' ? 'Access token has expired' : 'A valid access token is required';
      throw new UnauthorizedException(reason);
    }
    return user;
  }
}
