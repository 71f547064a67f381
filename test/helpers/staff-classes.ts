import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { TenantTransactions } from '#libs/database';
import type { TestApi } from './api.js';
import { daysAgo, dobFor } from './register.js';

/** Three pupils in each class (upns S…), the first two on SEN Support (K): a staff import's classes need pupils. */
export async function addClassPupils(api: TestApi, schoolId: string, classes: string[]): Promise<void> {
  await new TenantTransactions(api.dataSource).run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    for (const [i, className] of classes.entries()) {
      const year = Number(/^\d/.test(className) ? className[0] : '3');
      for (const n of [1, 2, 3]) {
        const [pupil] = await m.query<{ id: string }[]>(
          `insert into pupils (school_id, upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name)
           values ($1, $2, $3, 'Pupil', $4::date, $5, $6) returning id`,
          [schoolId, `S${String(i * 10 + n).padStart(12, '0')}`, `${className}-${n}`, dobFor(String(year) as '3'), year, className],
        );
        if (n < 3)
          await m.query(
            `insert into sen_status_entries (school_id, pupil_id, status, start_date, register_since, primary_need, reason) values ($1, $2, 'K', $3::date, $3::date, 'SLCN', 'Test')`,
            [schoolId, pupil!.id, daysAgo(30)],
          );
      }
    }
  });
}

/** As the database owner (bound by FORCE RLS too, so it names the school), in one transaction. */
export async function asOwner<T>(schoolId: string, work: (owner: pg.Client) => Promise<T>): Promise<T> {
  const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolId}}`]);
    const result = await work(owner);
    await owner.query('commit');
    return result;
  } finally {
    await owner.end();
  }
}

/** Invitation tokens are stored only as hashes: as the database owner, give each live invitation a token the test knows. */
export async function invitationTokens(schoolId: string, emails: string[]): Promise<Map<string, string>> {
  return asOwner(schoolId, async (owner) => {
    const tokens = new Map<string, string>();
    for (const email of emails) {
      const token = randomBytes(32).toString('base64url');
      const updated = await owner.query(
        `update invitations set token_hash = $1 where school_id = $2 and email = $3 and accepted_at is null and revoked_at is null`,
        [createHash('sha256').update(token).digest('hex'), schoolId, email],
      );
      if (updated.rowCount !== 1) throw new Error(`expected one live invitation for an email, found ${updated.rowCount}`);
      tokens.set(email, token);
    }
    return tokens;
  });
}
