import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { ReceiveDocumentsHandler } from './receive-documents.handler';
import { ReceiveDocumentsRequest } from './receive-documents.request.dto';

@ApiTags('claims')
@Controller('claims')
export class ReceiveDocumentsHttpController {
  constructor(private readonly handler: ReceiveDocumentsHandler) {}

  @Post(':claimId/documents')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Record documents received; completes the file when nothing required is missing' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim with the documents recorded' })
  @ApiClaimErrors(400, 404, 409, 412)
  async receive(@Param('claimId', ClaimIdPipe) claimId: string, @Command() req: CommandRequest, @Body() body: ReceiveDocumentsRequest, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
