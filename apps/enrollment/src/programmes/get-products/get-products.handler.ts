import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnrollmentError } from '@fpi/enrollment-domain';
import { ProductRepository } from '../product.repository';
import { productResponse, programmeYearResponse, type ProductListResponse, type ProductResponse, type ProgrammeYearResponse } from '../product.response';

@Injectable()
export class GetProductsHandler {
  constructor(private readonly ds: DataSource, private readonly products: ProductRepository) {}

  async programmeYear(year: number): Promise<ProgrammeYearResponse> {
    const y = await this.products.programmeYear(this.ds.manager, year);
    if (!y) throw new EnrollmentError('ENROLLMENT.PROGRAMME_YEAR_NOT_FOUND', 'not_found', `programme year ${year} does not exist`);
    return programmeYearResponse(y);
  }

  async product(year: number, code: string): Promise<ProductResponse> {
    const p = await this.products.product(this.ds.manager, year, code);
    if (!p) throw new EnrollmentError('ENROLLMENT.PRODUCT_NOT_FOUND', 'not_found', `programme year ${year} has no product ${code}`);
    return productResponse(p);
  }

  async list(year: number): Promise<ProductListResponse> {
    await this.programmeYear(year);
    return { items: (await this.products.products(this.ds.manager, year)).map(productResponse) };
  }
}
