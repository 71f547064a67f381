import { SetMetadata } from '@nestjs/common';
import type { Role } from '#libs/auth';

export const POLICY_KEY = 'access-policy';

export type AccessPolicy = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly Role[] };

/**
 * Deny by default: a route must declare one of these, or the global guard refuses it. On a route with a
 * `:schoolId` parameter, roles are those the caller holds in that school.
 */
export const Public = () => SetMetadata(POLICY_KEY, { kind: 'public' } satisfies AccessPolicy);
export const Authenticated = () => SetMetadata(POLICY_KEY, { kind: 'authenticated' } satisfies AccessPolicy);
export const Allow = (...roles: Role[]) => SetMetadata(POLICY_KEY, { kind: 'roles', roles } satisfies AccessPolicy);
