import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, type CommandRequest } from '../../shared/command-request';
import { ClaimIdPipe, reply } from '../../shared/request-helpers';
import { RequestDocumentsHandler } from './request-documents.handler';
import { RequestDocumentsRequest } from './request-documents.request.dto';

@ApiTags('claims')
@Controller('claims')
export class RequestDocumentsHttpController {
  constructor(private readonly handler: RequestDocumentsHandler) {}

  @Post(':claimId/document-requests')
  @HttpCode(200)
  @RequirePermission('claims:command')
  @ApiOperation({ summary: 'Send the single notice of missing documents; the decision clock pauses until they are complete' })
  @ApiCommandHeaders()
  @ApiOkResponse({ description: 'The claim awaiting documents' })
  @ApiClaimErrors(400, 404, 409, 412)
  async request(@Param('claimId', ClaimIdPipe) claimId: string, @Command() req: CommandRequest, @Body() body: RequestDocumentsRequest, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    return reply(res, await this.handler.execute(claimId, body, req));
  }
}
