import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { DataSource } from 'typeorm';
import { EnrollmentError } from '@fpi/enrollment-domain';
import { ApiErrors } from '../../shared/api-docs';
import { UuidParam } from '../../shared/uuid-param.pipe';
import { GiftedBatchResponse, type GiftedRowOutcome } from '../gifted-batch.response';

@ApiTags('gifted batches')
@RequirePermission('households:read')
@Controller('gifted-batches')
export class GetGiftedBatchHttpController {
  constructor(private readonly ds: DataSource) {}

  @Get(':batchId')
  @ApiOperation({ summary: 'A gifted batch with its row report' })
  @ApiOkResponse({ type: GiftedBatchResponse })
  @ApiErrors(404)
  async one(@Param('batchId', new UuidParam('ENROLLMENT.BATCH_NOT_FOUND')) batchId: string): Promise<GiftedBatchResponse> {
    const rows = (await this.ds.query(
      `SELECT id, programme_year, product_code, row_count, accepted_rows, rejected_rows, accepted_households, report, created_at FROM gifted_batches WHERE id = $1`,
      [batchId],
    )) as { id: string; programme_year: number; product_code: string; row_count: number; accepted_rows: number; rejected_rows: number; accepted_households: number; report: GiftedRowOutcome[]; created_at: Date }[];
    const b = rows[0];
    if (!b) throw new EnrollmentError('ENROLLMENT.BATCH_NOT_FOUND', 'not_found', 'no such batch');
    return {
      batchId: b.id,
      programmeYear: b.programme_year,
      productCode: b.product_code,
      rows: b.row_count,
      acceptedRows: b.accepted_rows,
      rejectedRows: b.rejected_rows,
      acceptedHouseholds: b.accepted_households,
      importedAt: b.created_at.toISOString(),
      report: b.report,
    };
  }
}
