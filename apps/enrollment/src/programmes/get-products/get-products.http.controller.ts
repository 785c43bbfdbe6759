import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@fpi/platform';
import { ApiErrors } from '../../shared/api-docs';
import { ProductListResponse, ProductResponse, ProgrammeYearResponse } from '../product.response';
import { GetProductsHandler } from './get-products.handler';

@ApiTags('programmes')
@RequirePermission('households:read')
@Controller('programme-years/:year')
export class GetProductsHttpController {
  constructor(private readonly handler: GetProductsHandler) {}

  @Get()
  @ApiOperation({ summary: 'A programme year' })
  @ApiOkResponse({ type: ProgrammeYearResponse })
  @ApiErrors(404)
  programmeYear(@Param('year', ParseIntPipe) year: number): Promise<ProgrammeYearResponse> {
    return this.handler.programmeYear(year);
  }

  @Get('products')
  @ApiOperation({ summary: 'Products of a programme year' })
  @ApiOkResponse({ type: ProductListResponse })
  @ApiErrors(404)
  list(@Param('year', ParseIntPipe) year: number): Promise<ProductListResponse> {
    return this.handler.list(year);
  }

  @Get('products/:code')
  @ApiOperation({ summary: 'One product' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiErrors(404)
  product(@Param('year', ParseIntPipe) year: number, @Param('code') code: string): Promise<ProductResponse> {
    return this.handler.product(year, code);
  }
}
