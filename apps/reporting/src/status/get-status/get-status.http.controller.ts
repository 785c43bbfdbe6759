import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { GetStatusHandler, type StatusResponse } from './get-status.handler';

@ApiTags('status')
@Controller('status')
export class GetStatusHttpController {
  constructor(private readonly handler: GetStatusHandler) {}

  @Get()
  @RequirePermission('reports:read')
  @ApiOperation({ summary: 'Projection lag per topic and partition (high watermark minus applied position), and the last event applied' })
  status(): Promise<StatusResponse> {
    return this.handler.execute();
  }
}
