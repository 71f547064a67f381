import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '#libs/auth';
import type { OpeningCheck, SchoolScope, TenantScope } from '#libs/database';

/** What the guard decided about a request: who, which schools, which roles there. */
export interface RequestAccess {
  principal: Principal;
  scope: TenantScope;
  /** Set on routes with a :schoolId the caller may act in. */
  school?: SchoolScope;
  roles: Role[];
}

export type AppRequest = FastifyRequest & {
  user?: Principal;
  access?: RequestAccess;
  /**
   * Set while `user` is the principal this process remembered for the session (a safe request), not yet
   * confirmed: the request's transaction confirms it in its first round trip (jwt.strategy.ts).
   */
  principalCheck?: OpeningCheck;
};
