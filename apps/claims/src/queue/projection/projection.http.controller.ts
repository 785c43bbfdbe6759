import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoBody, Roles } from '@fpi/platform';
import { ClaimProjectionRunner, type ProjectionStatus } from './claim-projection.runner';

@ApiTags('queue')
@ApiBearerAuth()
@Controller('queue/projection')
export class ProjectionHttpController {
  constructor(private readonly runner: ClaimProjectionRunner) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'State of the claims read-model projection: running, position, events applied, last error' })
  status(): Promise<ProjectionStatus> {
    return this.runner.status();
  }

  @Post('rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Admin: drop the queue and timeline read models (leases kept) and replay every claim stream' })
  async rebuild(@NoBody() _body: void): Promise<{ accepted: true }> {
    await this.runner.rebuild();
    return { accepted: true };
  }
}
