import { ApiProperty } from '@nestjs/swagger';
import { TWO_FACTOR_POLICY_ROLES, type TwoFactorPolicyRole } from '#libs/auth';

/** A trust's single sign-on settings, as the trust lead sees them: never the secret. */
export class TrustSsoSettingsDto {
  @ApiProperty() configured: boolean;
  @ApiProperty({ nullable: true, type: String }) issuer: string | null;
  @ApiProperty({ nullable: true, type: String }) clientId: string | null;
  @ApiProperty({ description: 'Whether a client secret is stored (it is never returned)' }) hasClientSecret: boolean;
  @ApiProperty({ type: [String] }) allowedDomains: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Register this redirect URI with the provider' }) redirectUri: string;
  @ApiProperty({ nullable: true, type: Date }) updatedAt: Date | null;
}

/** A school's two-factor policy with what its trust requires, which the head cannot remove. */
export class EffectiveTwoFactorPolicyDto {
  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: "The school's own choice" })
  roles: TwoFactorPolicyRole[];

  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: "Required by the school's trust (fixed for the school)" })
  trustRoles: TwoFactorPolicyRole[];

  @ApiProperty({ enum: TWO_FACTOR_POLICY_ROLES, isArray: true, description: 'What sign-in enforces: the union of both' })
  effectiveRoles: TwoFactorPolicyRole[];
}
