import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '#libs/auth';
import type { SchoolScope, TenantScope } from '#libs/database';

/** What the guard decided about a request: who, which schools, which roles there. */
export interface RequestAccess {
  principal: Principal;
  scope: TenantScope;
  /** Set on routes with a :schoolId the caller may act in. */
  school?: SchoolScope;
  roles: Role[];
}

export type AppRequest = FastifyRequest & { user?: Principal; access?: RequestAccess };
