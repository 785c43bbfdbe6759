import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { reply } from '../../shared/request-helpers';
import { ReportClaimHandler } from './report-claim.handler';
import { ReportClaimRequest } from './report-claim.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ReportClaimHttpController {
  constructor(private readonly handler: ReportClaimHandler) {}

  @Post()
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Report a claim (first notice of loss); the claim id is derived from the Idempotency-Key' })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'The claim as reported (masked); Location and ETag name it and its revision' })
  @ApiClaimErrors(400, 403, 404, 409, 422)
  async report(@Command() req: CommandRequest, @Body() body: ReportClaimRequest, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(body, req));
  }
}
