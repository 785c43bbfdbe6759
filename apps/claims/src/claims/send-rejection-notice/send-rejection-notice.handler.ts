import { Injectable } from '@nestjs/common';
import type { SendRejectionNotice } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { SendRejectionNoticeRequest } from './send-rejection-notice.request.dto';

/** The family must be told why in writing before a rejected file can be closed. */
@Injectable()
export class SendRejectionNoticeHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: SendRejectionNoticeRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { noticeId: body.noticeId ?? this.commands.derivedId(req, 'rejection-notice') } as SendRejectionNotice['data'];
    return this.commands.run(claimId, req, { type: 'SendRejectionNotice', data });
  }
}
