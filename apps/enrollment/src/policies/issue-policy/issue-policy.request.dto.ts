import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class IssuePolicyRequest {
  @ApiProperty({ example: 'PFPI202544990100001', description: 'Number given by the insurer\'s core system when it issued the policy (出单)' })
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'policyNumber must be 4-40 letters, digits or -' })
  policyNumber!: string;
}
