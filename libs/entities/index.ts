import { AuditEvent } from '#libs/audit';
import { Invitation, Membership, RefreshSession, TrustMembership, User } from '#libs/auth';
import { School, Trust } from '#libs/tenancy';

/** Every entity, for the data source of the apps, the migration runner and the drift check. */
export const allEntities = [Trust, School, User, Membership, TrustMembership, RefreshSession, Invitation, AuditEvent];
