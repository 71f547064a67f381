import { SetMetadata } from '@nestjs/common';

export const READ_REPLICA = 'readReplica';

/**
 * A heavy read the streaming replica may serve (DATABASE_READ_URL; docs/scaling.md, Read replicas): the
 * request's tenant transaction is read-only on the replica, unless the school has written something the
 * replica has not replayed yet. The route must not write, except through TenantTransactions.write (the
 * access log, an export's audit event), which goes to the primary.
 */
export const ReadReplica = () => SetMetadata(READ_REPLICA, true);
