import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID } from 'class-validator';
import type { SchoolRole } from '#libs/auth';

const STAFF_ROLE_WORDS = ['senco', 'head', 'teacher'] as const;

export class StaffGroupDto {
  id: string;
  name: string;
}

export class StaffMemberDto {
  @ApiProperty({ nullable: true, type: String, description: 'Null until the invitation is accepted' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The pending invitation, for re-sending' }) invitationId: string | null;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  email: string;
  @ApiProperty({ enum: STAFF_ROLE_WORDS, isArray: true }) roles: SchoolRole[];
  classNames: string[];
  @ApiProperty({ type: [StaffGroupDto] }) groups: StaffGroupDto[];
  @ApiProperty({ nullable: true, type: Date, description: 'When their newest session began' }) lastSignInAt: Date | null;
  @ApiProperty({ enum: ['invited', 'active', 'left'] }) status: 'invited' | 'active' | 'left';
  @ApiProperty({ nullable: true, type: Date }) leftAt: Date | null;
}

export class StaffDirectoryDto {
  @ApiProperty({ type: [StaffMemberDto] }) staff: StaffMemberDto[];
  @ApiProperty({ description: 'How many parent accounts the school has (parents are not listed here)' }) parentAccounts: number;
  @ApiProperty({ type: [StaffGroupDto], description: 'Running intervention groups whose staff have all left' }) groupsNeedingStaff: StaffGroupDto[];
}

export class StaffRolesDto {
  @ApiProperty({ enum: STAFF_ROLE_WORDS, isArray: true, example: ['teacher'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(STAFF_ROLE_WORDS, { each: true, message: `each role must be one of ${STAFF_ROLE_WORDS.join(', ')}` })
  roles: SchoolRole[];
}

export class ResendInvitationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'invitationId must be a UUID' })
  invitationId: string;
}
