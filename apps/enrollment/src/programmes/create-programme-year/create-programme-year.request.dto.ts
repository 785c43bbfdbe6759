import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateProgrammeYearRequest {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2025-01-01', description: 'First day of the programme year (China calendar date)' })
  @Matches(DATE, { message: 'startsOn must be YYYY-MM-DD' })
  startsOn!: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last day; cover of every policy of the year ends on it' })
  @Matches(DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn!: string;
}
