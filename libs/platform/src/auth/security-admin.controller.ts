import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { Clock } from '../clock/clock';
import { AUDIT_TRAIL, type AuditTrail } from '../audit/audit-trail';
import { ApiError } from '../errors/http-error.filter';
import { API_KEY_STORE, apiKeyStatus, type ApiKeyRecord, type ApiKeyStore } from './api-keys';
import { RequirePermission } from './decorators';
import { SECURITY_CLOCK } from './security.module.tokens';

/** Integrator ids name systems (`bank-core`, `association-platform`); principals become `integrator:<id>`. */
const INTEGRATOR_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_OVERLAP_HOURS = 24 * 30;

export class ApiKeyScopeRequest {
  @ApiProperty({ type: [String], example: ['ClaimSettled', 'ClaimPaymentReversed'], description: 'Settlement event types the key may read, or "*".' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes!: string[];

  @ApiProperty({ type: [String], example: ['3301'], description: 'Region codes (city 4, county 6, township 9 digits) whose claims the key may see.' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(12, { each: true })
  regions!: string[];
}

export class IssueApiKeyRequest {
  @ApiProperty({ example: 'bank-core', description: 'The integrating system: lower-case letters, digits, ".", "_" or "-", at most 64.' })
  @IsString()
  @Matches(INTEGRATOR_ID, { message: 'integratorId must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit' })
  integratorId!: string;

  @ApiProperty({ example: 'settlement consumer, production', description: 'What the key is for, shown in listings.' })
  @IsString()
  @MaxLength(200)
  label!: string;

  @ApiProperty({ type: ApiKeyScopeRequest })
  @ValidateNested()
  @Type(() => ApiKeyScopeRequest)
  scope!: ApiKeyScopeRequest;

  @ApiProperty({ required: false, example: '2027-12-31T16:00:00.000Z', description: 'When the key stops working; none by default.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class RotateApiKeyRequest {
  @ApiProperty({ example: 72, description: `Hours the old key keeps working beside its successor (0-${MAX_OVERLAP_HOURS}), for the integrator to deploy the new one.` })
  @IsInt()
  @Min(0)
  @Max(MAX_OVERLAP_HOURS)
  overlapHours!: number;
}

export class ListApiKeysQuery {
  @ApiProperty({ example: 'bank-core' })
  @IsString()
  @Matches(INTEGRATOR_ID, { message: 'integratorId must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit' })
  integratorId!: string;
}

export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() integratorId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart; far too few to use.' }) prefix!: string;
  @ApiProperty({ type: ApiKeyScopeRequest }) scope!: ApiKeyScopeRequest;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: 'active' | 'revoked' | 'expired';
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) replacedBy!: string | null;
}

export class IssuedApiKeyView {
  @ApiProperty({ description: 'The key itself (send it as x-api-key). Shown this once and stored only as a hash: keep it now.' })
  apiKey!: string;

  @ApiProperty({ type: ApiKeyView })
  key!: ApiKeyView;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Integrator API keys, for platform administrators: issue (the plaintext is in this one answer and stored
 * nowhere, so a lost answer means a new key, not a retry), list, revoke, and rotate with an overlap. Every
 * call is on the audit trail like any command; the trail records the route, never a key.
 */
@ApiTags('admin')
@Controller('admin/api-keys')
export class ApiKeysAdminController {
  constructor(
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Inject(SECURITY_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequirePermission('api-keys:manage')
  @ApiOperation({ summary: 'Issue an API key for an integrator; the answer holds the key, once' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  async issue(@Body() body: IssueApiKeyRequest): Promise<IssuedApiKeyView> {
    const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
    if (expiresAt !== null && expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new ApiError('validation', 'API_KEY.EXPIRY_IN_PAST', 'expiresAt must be in the future.');
    }
    const issued = await this.keys.create({ integratorId: body.integratorId, label: body.label, scope: { eventTypes: body.scope.eventTypes, regions: body.scope.regions }, expiresAt });
    return { apiKey: issued.plaintext, key: this.view(issued.record) };
  }

  @Get()
  @RequirePermission('api-keys:manage')
  @ApiOperation({ summary: "An integrator's keys, without the keys themselves" })
  @ApiOkResponse({ type: [ApiKeyView] })
  async list(@Query() query: ListApiKeysQuery): Promise<{ items: ApiKeyView[] }> {
    return { items: (await this.keys.list(query.integratorId)).map((r) => this.view(r)) };
  }

  @Get(':id')
  @RequirePermission('api-keys:manage')
  @ApiOperation({ summary: 'One key, without the key itself' })
  @ApiOkResponse({ type: ApiKeyView })
  async get(@Param('id') id: string): Promise<ApiKeyView> {
    const record = await this.keys.get(id);
    if (!record) throw new ApiError('not_found', 'API_KEY.NOT_FOUND', 'No such API key.');
    return this.view(record);
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @RequirePermission('api-keys:manage')
  @ApiOperation({ summary: 'Revoke a key at once (idempotent)' })
  @ApiOkResponse({ type: ApiKeyView })
  async revoke(@Param('id') id: string): Promise<ApiKeyView> {
    return this.view(await this.keys.revoke(id));
  }

  @Post(':id/rotation')
  @RequirePermission('api-keys:manage')
  @ApiOperation({ summary: 'Issue a successor; the old key keeps working for overlapHours' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  async rotate(@Param('id') id: string, @Body() body: RotateApiKeyRequest): Promise<IssuedApiKeyView> {
    const overlapUntil = new Date(this.clock.now().getTime() + body.overlapHours * 3_600_000);
    const issued = await this.keys.rotate(id, overlapUntil);
    return { apiKey: issued.plaintext, key: this.view(issued.record) };
  }

  private view(r: ApiKeyRecord): ApiKeyView {
    return {
      id: r.id,
      integratorId: r.integratorId,
      label: r.label,
      prefix: r.prefix,
      scope: { eventTypes: [...r.scope.eventTypes], regions: [...r.scope.regions] },
      status: apiKeyStatus(r, this.clock.now()),
      createdAt: r.createdAt.toISOString(),
      expiresAt: iso(r.expiresAt),
      revokedAt: iso(r.revokedAt),
      replacedBy: r.replacedBy,
    };
  }
}

/** The audit trail's own check, for administrators: recomputes the hash chain and names the first altered entry. */
@ApiTags('admin')
@Controller('admin/audit')
export class AuditAdminController {
  constructor(@Inject(AUDIT_TRAIL) private readonly trail: AuditTrail) {}

  @Get('verification')
  @RequirePermission('audit:verify')
  @ApiOperation({ summary: "Verify this service's audit trail: ok, entries checked, the head, and the first break if any" })
  async verify(): Promise<unknown> {
    return this.trail.verify();
  }
}
