import { Body, Controller, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fpi/platform';
import type { Response } from 'express';
import { Ctx, type RequestContext } from '../../request-context';
import { ApiErrors } from '../../shared/api-docs';
import { ApiCommandHeaders, Command, reply, type CommandMeta } from '../../shared/command';
import { ProductResponse } from '../product.response';
import { CreateProductHandler } from './create-product.handler';
import { CreateProductRequest } from './create-product.request.dto';

@ApiTags('programmes')
@Roles('admin')
@Controller('programme-years/:year/products')
export class CreateProductHttpController {
  constructor(private readonly handler: CreateProductHandler) {}

  @Post()
  @ApiOperation({ summary: 'Define a product: premium, payer shares, benefits, cover start, deadlines, member and age limits' })
  @ApiCommandHeaders()
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiErrors(400, 404, 409)
  async create(
    @Param('year', ParseIntPipe) year: number,
    @Body() body: CreateProductRequest,
    @Command() meta: CommandMeta,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return reply(res, await this.handler.execute(year, body, meta, ctx));
  }
}
