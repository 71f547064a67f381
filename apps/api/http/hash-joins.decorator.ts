import { SetMetadata } from '@nestjs/common';

export const HASH_JOINS = 'hashJoins';

/**
 * A read that joins a whole school's rows of two tenant tables (the register's pages): the request's tenant
 * transaction opens with nested loops off, in the same round trip as its settings. Under row-level security
 * the planner expects one row of each side and may read the school's whole table again for every row of the
 * other (withoutNestedLoops in libs/database/prepared-statements.ts says why). The route's other statements
 * run so too: keep it to routes whose statements are such joins.
 */
export const HashJoins = () => SetMetadata(HASH_JOINS, true);
