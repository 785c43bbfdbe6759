import { Injectable } from '@nestjs/common';
import type { RecordFollowUp } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { RecordFollowUpRequest } from './record-follow-up.request.dto';

/** One call; unanswered calls count up to the programme's limit, then the follow-up completes as unreachable. */
@Injectable()
export class RecordFollowUpHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: RecordFollowUpRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { attemptId: body.attemptId ?? this.commands.derivedId(req, 'follow-up'), outcome: body.outcome } as RecordFollowUp['data'];
    return this.commands.run(claimId, req, { type: 'RecordFollowUp', data });
  }
}
