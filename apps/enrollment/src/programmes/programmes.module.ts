import { Module } from '@nestjs/common';
import { CreateProductHandler } from './create-product/create-product.handler';
import { CreateProductHttpController } from './create-product/create-product.http.controller';
import { CreateProgrammeYearHandler } from './create-programme-year/create-programme-year.handler';
import { CreateProgrammeYearHttpController } from './create-programme-year/create-programme-year.http.controller';
import { GetProductsHandler } from './get-products/get-products.handler';
import { GetProductsHttpController } from './get-products/get-products.http.controller';
import { ProductRepository } from './product.repository';

@Module({
  controllers: [CreateProgrammeYearHttpController, CreateProductHttpController, GetProductsHttpController],
  providers: [ProductRepository, CreateProgrammeYearHandler, CreateProductHandler, GetProductsHandler],
  exports: [ProductRepository],
})
export class ProgrammesModule {}
