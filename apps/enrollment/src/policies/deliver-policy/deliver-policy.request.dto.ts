import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { DELIVERY_METHODS, type DeliveryMethod } from '@fpi/enrollment-domain';

export class DeliverPolicyRequest {
  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  method!: DeliveryMethod;

  @ApiProperty({ example: '王某', description: 'Who received the certificate in the household' })
  @IsString()
  @Length(1, 50)
  receiverName!: string;

  @ApiProperty({ example: 'photo/2025/02/20/0001.jpg', description: 'Reference of the proof (signed receipt, photo, tracking number)' })
  @Matches(/^[A-Za-z0-9._:/-]{1,200}$/, { message: 'proofReference must be 1-200 letters, digits or . _ : / -' })
  proofReference!: string;
}
