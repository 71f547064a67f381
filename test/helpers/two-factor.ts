import type request from 'supertest';
import { Secret, TOTP } from 'otpauth';
import type { DataSource } from 'typeorm';
import { TwoFactorPolicy } from '#libs/auth';
import { TenantTransactions, schoolScope } from '#libs/database';

/** The current code of an authenticator app holding `secret`, `offsetSteps` 30-second steps from now. */
export function totpCode(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Recovery codes the helper holds for users it enrolled, so each later sign-in can spend one. */
const held = new Map<string, string[]>();

/**
 * Finishes a sign-in that asked for a second factor, for test users who must have one (platform admins): the
 * first time it sets up an authenticator app through the sign-in enrolment, as a user would; later it spends
 * one of the recovery codes it was given (a TOTP code may be used once only), topping them up as they run out.
 */
export async function completeSecondFactor(
  http: () => ReturnType<typeof request>,
  email: string,
  challenge: { challengeToken: string; enrolmentRequired: boolean },
): Promise<{ accessToken: string; refreshToken: string }> {
  const { challengeToken } = challenge;
  let proof: Record<string, string>;
  if (challenge.enrolmentRequired) {
    const enrol = await http().post('/v1/auth/two-factor/enrol').send({ challengeToken });
    if (enrol.status !== 200) throw new Error(`two-factor enrolment failed with ${enrol.status}`);
    proof = { code: totpCode(enrol.body.secret) };
  } else {
    const code = held.get(email)?.pop();
    if (!code) throw new Error('this user has a second factor the test helper did not set up');
    proof = { recoveryCode: code };
  }
  const res = await http()
    .post('/v1/auth/two-factor/verify')
    .send({ challengeToken, ...proof });
  if (res.status !== 200) throw new Error(`second factor failed with ${res.status}: ${JSON.stringify(res.body)}`);
  if ((held.get(email)?.length ?? 0) < 2) {
    const codes = await http().post('/v1/me/two-factor/recovery-codes').set('authorization', `Bearer ${res.body.accessToken}`);
    held.set(email, codes.body.recoveryCodes);
  }
  return res.body;
}

/** A two-factor policy row naming no role (so sign-in is unchanged), for the isolation probes. */
export async function populateTwoFactorPolicy(dataSource: DataSource, schoolId: string): Promise<void> {
  await new TenantTransactions(dataSource).run({ schoolIds: [schoolId] }, (m) =>
    m.upsert(TwoFactorPolicy, { schoolId: schoolScope(schoolId).schoolId, roles: [], updatedBy: null }, ['schoolId']),
  );
}
