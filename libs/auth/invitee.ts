import { unauthorized } from '#libs/core';
import type { EntityManager } from 'typeorm';
import { assertPasswordAllowed } from './password-policy.js';
import { hashPassword, verifyPassword } from './secrets.js';
import { User } from './user.entity.js';

export interface AcceptInvitation {
  token: string;
  displayName: string;
  password: string;
}

/**
 * The account an invitation is accepted with, for a school's invitation and a trust lead's alike: an existing
 * account joins by proving it is theirs (its password); otherwise one is made with a password the policy
 * accepts (`where` is the school or trust named in the policy's "not your school's name" check). The token came
 * to this address, so it is verified.
 */
export async function accountForInvitation(m: EntityManager, email: string, input: AcceptInvitation, where: string | undefined, now: Date): Promise<User> {
  let user = await m.findOneBy(User, { email });
  if (user) {
    if (!(await verifyPassword(user.passwordHash, input.password))) throw unauthorized('An account with this email exists: use its password to accept');
  } else {
    assertPasswordAllowed(input.password, { email, displayName: input.displayName, schoolName: where });
    user = await m.save(m.create(User, { email, displayName: input.displayName.trim(), passwordHash: await hashPassword(input.password) }));
  }
  if (!user.emailVerifiedAt) await m.update(User, { id: user.id }, { emailVerifiedAt: now });
  return user;
}
