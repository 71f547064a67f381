import { ApiProperty } from '@nestjs/swagger';
import { AREAS_OF_NEED, YEAR_GROUPS } from '#libs/register';

/** The provision map's answers: per pupil, and for the school by intervention, area, year, staff and wave. */

export class MeasureDto {
  name: string | null;
  @ApiProperty({ nullable: true, type: Number }) entryValue: number | null;
  entryOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) exitValue: number | null;
  exitOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) change: number | null;
}

export class DeliveryDto {
  @ApiProperty({ description: 'Sessions due up to today' }) planned: number;
  delivered: number;
  cancelled: number;
  unrecorded: number;
  upcoming: number;
  plannedMinutes: number;
  deliveredMinutes: number;
  @ApiProperty({ nullable: true, type: Number }) deliveryRate: number | null;
  @ApiProperty({ description: 'Delivered below 80% of planned' }) belowFidelity: boolean;
}

export class PupilProvisionDto extends DeliveryDto {
  enrolmentId: string;
  groupId: string;
  groupName: string;
  interventionId: string;
  interventionName: string;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: string | null;
  startsOn: string;
  endsOn: string | null;
  recorded: number;
  attended: number;
  @ApiProperty({ nullable: true, type: Number }) attendanceRate: number | null;
  minutesReceived: number;
  @ApiProperty({ nullable: true, type: Number }) costPence: number | null;
  measure: MeasureDto;
}

export class PupilProvisionMapDto {
  pupilId: string;
  academicYear: number;
  provisions: PupilProvisionDto[];
}

export class InterventionDeliveryDto extends DeliveryDto {
  interventionId: string;
  name: string;
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: string | null;
  groups: number;
  pupils: number;
  deliveredHours: number;
  @ApiProperty({ nullable: true, type: Number }) costPence: number | null;
}

export class AreaDeliveryDto {
  @ApiProperty({ enum: AREAS_OF_NEED, nullable: true }) areaOfNeed: string | null;
  pupils: number;
  deliveredHours: number;
  costPence: number;
}

export class YearGroupDeliveryDto {
  @ApiProperty({ enum: YEAR_GROUPS }) yearGroup: string;
  pupils: number;
  sessionsAttended: number;
  minutesReceived: number;
}

export class StaffDeliveryDto {
  userId: string;
  name: string;
  groups: number;
  planned: number;
  delivered: number;
  @ApiProperty({ nullable: true, type: Number }) deliveryRate: number | null;
  belowFidelity: boolean;
}

export class ProvisionTotalsDto {
  costPence: number;
  @ApiProperty({ nullable: true, type: Number }) budgetPence: number | null;
  @ApiProperty({ nullable: true, type: Number }) shareOfBudget: number | null;
  pupils: number;
  deliveredHours: number;
  @ApiProperty({ description: 'Interventions with no cost entered' }) costsMissing: number;
}

export class ProvisionWaveDto {
  @ApiProperty({ enum: [1, 2, 3], description: '1: quality-first teaching, adjustments in class; 2: group interventions; 3: individual and specialist' })
  wave: 1 | 2 | 3;
  label: string;
  pupils: number;
  groups: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Null for wave 1 (adjustments in class take no intervention time)' })
  deliveredHours: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Null for wave 1, or when no cost is entered for its interventions' })
  costPence: number | null;
}

export class SchoolProvisionMapDto {
  academicYear: number;
  from: string;
  to: string;
  byIntervention: InterventionDeliveryDto[];
  byArea: AreaDeliveryDto[];
  byYearGroup: YearGroupDeliveryDto[];
  byStaff: StaffDeliveryDto[];
  byWave: ProvisionWaveDto[];
  totals: ProvisionTotalsDto;
}
