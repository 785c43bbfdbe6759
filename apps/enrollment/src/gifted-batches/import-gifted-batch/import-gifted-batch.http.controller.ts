import { Body, Controller, Post, Query, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import type { Response } from 'express';
import { GIFTED_CSV_COLUMNS } from '@fpi/enrollment-domain';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { GiftedBatchResponse } from '../gifted-batch.response';
import { ImportGiftedBatchHandler } from './import-gifted-batch.handler';
import { ImportGiftedBatchQuery } from './import-gifted-batch.request.dto';

@ApiTags('gifted batches')
@RequirePermission('households:write')
@Controller('gifted-batches')
export class ImportGiftedBatchHttpController {
  constructor(private readonly handler: ImportGiftedBatchHandler) {}

  @Post()
  @ApiOperation({
    summary: 'Import government-gifted households (政府赠保) from CSV, one row per person grouped by household_ref; answers a report per row',
    description: `Columns: ${GIFTED_CSV_COLUMNS.join(', ')} (phone and referrer_id optional). A rejected row never aborts the batch; a household is taken only when all its rows are sound.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: `${GIFTED_CSV_COLUMNS.join(',')}\nH1,LOW_INCOME,449901,449901001,449901001001,HEAD,王某,449901197005010013,,` } })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: GiftedBatchResponse })
  @ApiErrors(400, 409, 422)
  async import(
    @Query() query: ImportGiftedBatchQuery,
    @Body() csv: unknown,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (typeof csv !== 'string') throw new UnsupportedMediaTypeException({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: 'Send the batch as text/csv (UTF-8).' });
    return reply(res, await this.handler.execute(query, csv, meta, ctx));
  }
}
