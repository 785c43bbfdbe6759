import { Injectable } from '@nestjs/common';
import { validateProgrammeYear } from '@fpi/enrollment-domain';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { ProductRepository } from '../product.repository';
import { programmeYearResponse } from '../product.response';
import type { CreateProgrammeYearRequest } from './create-programme-year.request.dto';

@Injectable()
export class CreateProgrammeYearHandler {
  constructor(private readonly runner: CommandRunner, private readonly products: ProductRepository) {}

  execute(request: CreateProgrammeYearRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    const year = validateProgrammeYear({ year: request.year, startsOn: request.startsOn, endsOn: request.endsOn });
    return this.runner.run(meta, ctx, async (tx, now) => {
      await this.products.insertProgrammeYear(tx, year, now, ctx.actorId);
      return { status: 201, body: programmeYearResponse(year), headers: { Location: `/programme-years/${year.year}` } };
    });
  }
}
