import { ApiProperty } from '@nestjs/swagger';

/** What the platform admin sees of a school: whether it is set up, as counts; never a person or a pupil. */
export class SchoolStatusDto {
  @ApiProperty() id: string;
  @ApiProperty() urn: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) trustId: string | null;
  @ApiProperty({ description: 'Staff accounts (SENCO, head, teacher)' }) staff: number;
  @ApiProperty() sencos: number;
  @ApiProperty() heads: number;
  @ApiProperty({ description: "Staff may sign in with the school account (its own provider or its trust's)" }) ssoEnabled: boolean;
  @ApiProperty({ enum: ['school', 'trust'], nullable: true, description: "Whose provider signs the school's staff in: its own, or its trust's" })
  ssoSource: 'school' | 'trust' | null;
  @ApiProperty({ description: 'Has a SENCO and a head' }) setUp: boolean;
}
