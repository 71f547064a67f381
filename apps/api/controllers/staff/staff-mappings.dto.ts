import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { CLASS_LAYOUTS, type StaffField } from '#libs/staff';
import { Column, MAPPING_NAME } from '../register/imports.dto.js';

/** Staff field → the CSV column holding it. */
export class StaffColumnsDto implements Partial<Record<StaffField, string>> {
  @Column('Work email address (required): staff are matched by it', true) email: string;
  @Column('Staff role (required): Teacher, Teaching Assistant, SENCO, Headteacher…', true) role: string;
  @Column('One column with the whole name') fullName?: string;
  @Column('Forename (with lastName, instead of fullName)') firstName?: string;
  @Column('Surname (with firstName, instead of fullName)') lastName?: string;
  @Column('Classes taught: several in one cell ("4B, 5A"), or one per row with classLayout row') classes?: string;
}

export class SaveStaffMappingDto {
  @ApiProperty({ pattern: MAPPING_NAME.source, example: 'our-mis' })
  @IsString()
  @Matches(MAPPING_NAME, { message: 'name must be 1–64 lower-case letters, digits, - or _' })
  name: string;

  @ApiProperty({ type: StaffColumnsDto, example: { email: 'Staff Email', role: 'Post', fullName: 'Staff Name', classes: 'Groups' } })
  @IsObject()
  @ValidateNested()
  @Type(() => StaffColumnsDto)
  columns: StaffColumnsDto;

  @ApiProperty({ enum: CLASS_LAYOUTS, description: 'cell: all of a person’s classes in one cell; row: one class per row, the person repeated' })
  @IsIn(CLASS_LAYOUTS, { message: 'classLayout must be cell or row' })
  classLayout: 'cell' | 'row';
}

export class StaffMappingDto {
  @ApiProperty({ nullable: true, type: String, description: 'null for a built-in mapping (standard, sims, arbor), which cannot be changed' })
  id: string | null;
  name: string;
  columns: StaffColumnsDto;
  @ApiProperty({ enum: CLASS_LAYOUTS }) classLayout: string;
}
