import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class InviteTrustLeadDto {
  @ApiProperty({ example: 'ceo@example-trust.org.uk', description: 'Emailed a single-use link to accept' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class TrustLeadInvitationDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) state: 'pending' | 'accepted' | 'revoked' | 'expired';
  @ApiProperty() expiresAt: Date;
  @ApiProperty() createdAt: Date;
}

export class TrustLeadDto {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'When they became a lead of the trust' }) since: Date;
}

/** A trust's leads and its invitations: staff accounts, never anything of a pupil. */
export class TrustLeadsDto {
  @ApiProperty({ type: [TrustLeadDto] }) leads: TrustLeadDto[];
  @ApiProperty({ type: [TrustLeadInvitationDto], description: 'Newest first' }) invitations: TrustLeadInvitationDto[];
}
