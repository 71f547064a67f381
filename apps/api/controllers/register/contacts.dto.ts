import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CONTACT_CHANNELS, RELATIONSHIPS, type Channel, type Relationship } from '#libs/register';

const nullable = (_: object, value: unknown) => value !== null && value !== undefined;

export class AddContactDto {
  @ApiPropertyOptional({ description: 'Link an existing contact of the school (e.g. a sibling’s parent) instead of creating one' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string;

  @ValidateIf((o: AddContactDto) => !o.contactId) @IsString() @Length(1, 100) firstName?: string;
  @ValidateIf((o: AddContactDto) => !o.contactId) @IsString() @Length(1, 100) lastName?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(nullable)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(nullable)
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a telephone number (digits, spaces, +, brackets or dashes)' })
  phone?: string | null;
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS })
  @ValidateIf((o: AddContactDto) => !o.contactId)
  @IsIn(CONTACT_CHANNELS, { message: `preferredChannel must be one of ${CONTACT_CHANNELS.join(', ')}` })
  preferredChannel?: Channel;

  @ApiProperty({ enum: RELATIONSHIPS })
  @IsIn(RELATIONSHIPS, { message: `relationship must be one of ${RELATIONSHIPS.join(', ')}` })
  relationship: Relationship;

  @ApiProperty({ description: 'Formal notices go to every contact with parental responsibility or care' }) @IsBoolean() parentalResponsibility: boolean;

  @ApiPropertyOptional({
    description:
      'Has care of the pupil (lives with them), e.g. a foster or kinship carer: a parent in education law (Education Act 1996 s.576), so gets formal notices. Default false',
  })
  @IsOptional()
  @IsBoolean()
  hasCare?: boolean;
}

export class UpdateContactDto extends PartialType(PickType(AddContactDto, ['firstName', 'lastName', 'email', 'phone', 'preferredChannel'] as const)) {}

export class UpdateContactLinkDto extends PartialType(PickType(AddContactDto, ['relationship', 'parentalResponsibility', 'hasCare'] as const)) {}

export class ContactDto {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  @ApiProperty({ enum: CONTACT_CHANNELS }) preferredChannel: string;
  hasAccount: boolean;
}
