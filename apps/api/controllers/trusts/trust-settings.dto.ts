import { ApiProperty } from '@nestjs/swagger';
import { TWO_FACTOR_POLICY_ROLES, type TwoFactorPolicyRole } from '#libs/auth';

/** A school's two-factor policy with what its trust requires, which the head cannot remove. */
export class EffectiveTwoFactorPolicyDto {
  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: "The school's own choice" })
  roles: TwoFactorPolicyRole[];

  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: "Required by the school's trust (fixed for the school)" })
  trustRoles: TwoFactorPolicyRole[];

  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: 'What sign-in enforces: the union of both' })
  effectiveRoles: TwoFactorPolicyRole[];
}
