import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';
import { CLAIM_DOCUMENTS } from '@fpi/contracts';

export class ReceiveDocumentsRequest {
  @ApiProperty({ enum: CLAIM_DOCUMENTS, isArray: true, description: 'Documents handed in; the claim is complete when nothing required is missing' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLAIM_DOCUMENTS.length)
  @IsString({ each: true })
  documents!: string[];
}
