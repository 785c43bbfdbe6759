import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../request-context';
import type { CommandMeta, CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { ReferrerRepository } from '../referrer.repository';
import { referrerResponse } from '../referrer.response';
import type { RegisterReferrerRequest } from './register-referrer.request.dto';

@Injectable()
export class RegisterReferrerHandler {
  constructor(private readonly runner: CommandRunner, private readonly referrers: ReferrerRepository) {}

  execute(r: RegisterReferrerRequest, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      const record = { referrerId: randomUUID(), name: r.name.trim(), phone: r.phone ?? null, villageCodes: [...new Set(r.villageCodes)], createdAt: now };
      await this.referrers.insert(tx, record, ctx.actorId);
      return { status: 201, body: referrerResponse(record), headers: { Location: `/referrers/${record.referrerId}` } };
    });
  }
}
