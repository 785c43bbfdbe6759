import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditRead, CurrentPrincipal, CurrentRegionScope, RequirePermission, UNMASK_REASON_HEADER, type Principal, type RegionScope } from '@fpi/platform';
import { ApiClaimErrors } from '../../shared/api-docs';
import { ClaimIdPipe } from '../../shared/request-helpers';
import { GetClaimHandler } from './get-claim.handler';

@ApiTags('claims')
@Controller('claims')
export class GetClaimHttpController {
  constructor(private readonly handler: GetClaimHandler) {}

  @Get(':claimId')
  @RequirePermission('claims:read')
  @AuditRead('personal-data')
  @ApiOperation({ summary: 'The claim: state, amounts, steps and deadlines; names and phones masked unless unmasking is allowed' })
  @ApiHeader({ name: UNMASK_REASON_HEADER, required: false, description: 'Why personal data must be shown in clear (roles with personal-data:unmask; audited)' })
  @ApiOkResponse({ description: 'The claim; ETag is its revision' })
  @ApiClaimErrors(404)
  async get(
    @Param('claimId', ClaimIdPipe) claimId: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRegionScope() scope: RegionScope,
    @Res({ passthrough: true }) res: Response,
    @Headers(UNMASK_REASON_HEADER) reason?: string,
  ): Promise<unknown> {
    const { body, etag } = await this.handler.execute(claimId, principal, scope, reason);
    res.setHeader('ETag', etag);
    return body;
  }
}
