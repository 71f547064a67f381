import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBoolean } from '../../http/query.js';

/**
 * `commit=true` stores the framework; without it the import is a dry run that checks everything a commit would.
 * A CSV file carries expectations only, so its framework's own fields come here (a JSON file has them in the body).
 */
export class OapImportQuery {
  @QueryBoolean('true stores the framework; false (the default) is a dry run')
  commit?: boolean;

  @ApiPropertyOptional({ description: 'CSV only: the 3-digit LA code' }) @IsOptional() @IsString() @MaxLength(10) laCode?: string;
  @ApiPropertyOptional({ description: "CSV only: the framework's name" }) @IsOptional() @IsString() @MaxLength(300) name?: string;
  @ApiPropertyOptional({ description: 'CSV only: the version number' }) @IsOptional() @IsString() @MaxLength(10) version?: string;
  @ApiPropertyOptional({ description: 'CSV only: in effect from (YYYY-MM-DD)' }) @IsOptional() @IsString() @MaxLength(20) effectiveFrom?: string;
  @ApiPropertyOptional({ description: "CSV only: the authority's document, title and year" }) @IsOptional() @IsString() @MaxLength(600) source?: string;
  @ApiPropertyOptional({ description: 'CSV only: the levels of the scale, in order, separated by |' }) @IsOptional() @IsString() @MaxLength(900) scale?: string;
}
