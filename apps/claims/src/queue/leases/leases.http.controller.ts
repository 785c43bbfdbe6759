import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, CurrentPrincipal, CurrentRegionScope, NoBody, RequirePermission, Roles, type Principal, type RegionScope } from '@fpi/platform';
import type { QueueItem } from '../queue-item.response';
import { QUEUE_OPTIONS, type QueueOptions } from '../queue.options';
import { QUEUE_ACTIONS } from '../queue.vocabulary';
import { ClaimIdParam } from '../shared/claim-id.pipe';
import { parseList } from '../shared/query-values';
import { NextClaimRequest, ReassignClaimRequest } from './leases.request.dto';
import { QueueLeases, type Lease } from './queue-leases.service';

@ApiTags('queue')
@ApiBearerAuth()
@Controller('queue')
export class LeasesHttpController {
  constructor(
    private readonly leases: QueueLeases,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {}

  @Post('next')
  @HttpCode(200)
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Take the top unassigned claim of the caller\'s region (fast-track first, then earliest due); { claim: null } when none is left' })
  async next(@Body() body: NextClaimRequest, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<{ claim: QueueItem | null }> {
    const actions = parseList('actions', body.actions, QUEUE_ACTIONS);
    return { claim: await this.leases.next(principal, scope, { county: body.county, township: body.township, actions }) };
  }

  @Post('claims/:claimId/lease')
  @HttpCode(200)
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Take a claim (a lease that expires unless renewed); 409 QUEUE.CLAIM_HELD says who holds it and until when' })
  take(@Param('claimId', ClaimIdParam) claimId: string, @NoBody() _body: void, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<Lease> {
    return this.leases.take(claimId, principal, scope);
  }

  @Put('claims/:claimId/lease')
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Renew the caller\'s lease; 403 QUEUE.NOT_LEASE_HOLDER for someone else\'s, 409 QUEUE.LEASE_NOT_ACTIVE when none is held' })
  renew(@Param('claimId', ClaimIdParam) claimId: string, @NoBody() _body: void, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<Lease> {
    return this.leases.renew(claimId, principal, scope);
  }

  @Delete('claims/:claimId/lease')
  @HttpCode(204)
  @RequirePermission('queue:work')
  @ApiOperation({ summary: 'Give the claim back to the queue (supervisors may release anyone\'s lease)' })
  async release(@Param('claimId', ClaimIdParam) claimId: string, @NoBody() _body: void, @CurrentPrincipal() principal: Principal, @CurrentRegionScope() scope: RegionScope): Promise<void> {
    await this.leases.release(claimId, principal, scope);
  }

  @Put('claims/:claimId/assignment')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Supervisor: give the claim to a handler, whoever holds it now' })
  reassign(@Param('claimId', ClaimIdParam) claimId: string, @Body() body: ReassignClaimRequest, @CurrentRegionScope() scope: RegionScope): Promise<Lease> {
    const maxMinutes = Math.floor(this.options.maxLeaseMs / 60_000);
    if (body.minutes !== undefined && body.minutes > maxMinutes) {
      throw new ApiError('validation', 'REQUEST.OUT_OF_RANGE', `minutes must not exceed ${maxMinutes}.`, { field: 'minutes', min: 1, max: maxMinutes });
    }
    return this.leases.reassign(claimId, body.handlerId, body.minutes, scope);
  }
}
