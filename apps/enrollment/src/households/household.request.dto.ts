import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { RELATIONSHIPS, type Relationship } from '@fpi/enrollment-domain';

export class RegionRequest {
  @ApiProperty({ example: '449901', description: 'County code (6 digits, GB/T 2260)' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode!: string;

  @ApiProperty({ example: '449901001', description: 'Township code (9 digits, starts with the county code)' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be 9 digits' })
  townshipCode!: string;

  @ApiProperty({ example: '449901001001', description: 'Village code (12 digits, starts with the township code)' })
  @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' })
  villageCode!: string;
}

export class MemberRequest {
  @ApiProperty({ example: '王某' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ example: '449901197005010013', description: 'Resident ID number (GB 11643); stored once, answered masked' })
  @IsString()
  @Length(1, 32)
  idNumber!: string;

  @ApiProperty({ enum: RELATIONSHIPS, description: 'Relationship to the head of household' })
  @IsIn(RELATIONSHIPS)
  relationship!: Relationship;
}
