/** Roles a membership gives in one school. `teacher` includes teaching assistants. */
export const SCHOOL_ROLES = ['senco', 'teacher', 'head', 'parent'] as const;
export type SchoolRole = (typeof SCHOOL_ROLES)[number];

/** Derived for every school of a trust where the user is a trust lead. */
export type TrustRole = 'trust_lead';

/** Everything a route may allow. `admin` is the platform administrator, who provisions trusts and schools. */
export type Role = SchoolRole | TrustRole | 'admin';
export const ALL_ROLES: readonly Role[] = [...SCHOOL_ROLES, 'trust_lead', 'admin'];

/** Roles that may be invited into a school; trust leads and admins are provisioned by an admin. */
export const INVITABLE_ROLES: readonly SchoolRole[] = SCHOOL_ROLES;
