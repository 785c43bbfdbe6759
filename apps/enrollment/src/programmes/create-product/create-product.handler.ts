import { Injectable } from '@nestjs/common';
import { DEFAULT_DELIVERY_DEADLINE_DAYS, DEFAULT_ISSUANCE_DEADLINE_DAYS, EnrollmentError, validateProduct, type Product } from '@fpi/enrollment-domain';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { ProductRepository } from '../product.repository';
import { productResponse } from '../product.response';
import type { CreateProductRequest } from './create-product.request.dto';

/** Products are immutable once created: policies read their benefits and shares from them for life. */
@Injectable()
export class CreateProductHandler {
  constructor(private readonly runner: CommandRunner, private readonly products: ProductRepository) {}

  execute(year: number, r: CreateProductRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    const product: Product = {
      programmeYear: year,
      code: r.code,
      name: r.name.trim(),
      premiumFen: r.premiumFen,
      payerShares: r.payerShares.map((s) => ({ payer: s.payer, amountFen: s.amountFen })),
      benefits: { ...r.benefits },
      coverStart: r.coverStart.rule === 'FIXED_DATE' ? { rule: 'FIXED_DATE', date: r.coverStart.date ?? '' } : { rule: 'AFTER_ENROLMENT', days: r.coverStart.days ?? 0 },
      issuanceDeadlineDays: r.issuanceDeadlineDays ?? DEFAULT_ISSUANCE_DEADLINE_DAYS,
      deliveryDeadlineDays: r.deliveryDeadlineDays ?? DEFAULT_DELIVERY_DEADLINE_DAYS,
      minMembers: r.minMembers ?? 2,
      maxMembers: r.maxMembers ?? 5,
      minAge: r.minAge ?? 1,
      maxAge: r.maxAge ?? 65,
    };
    return this.runner.run(meta, ctx, async (tx, now) => {
      const programmeYear = await this.products.programmeYear(tx, year);
      if (!programmeYear) throw new EnrollmentError('ENROLLMENT.PROGRAMME_YEAR_NOT_FOUND', 'not_found', `programme year ${year} does not exist`);
      validateProduct(product, programmeYear);
      await this.products.insertProduct(tx, product, now, ctx.actorId);
      return { status: 201, body: productResponse(product), headers: { Location: `/programme-years/${year}/products/${product.code}` } };
    });
  }
}
