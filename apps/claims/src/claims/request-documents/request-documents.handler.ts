import { Injectable } from '@nestjs/common';
import type { RequestDocuments } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { RequestDocumentsRequest } from './request-documents.request.dto';

/** 一次性告知: one notice lists every missing document; the decider refuses a second one. */
@Injectable()
export class RequestDocumentsHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: RequestDocumentsRequest, req: CommandRequest): Promise<CommandOutcome> {
    const data = { noticeId: body.noticeId ?? this.commands.derivedId(req, 'notice'), ...(body.additional ? { additional: body.additional } : {}) } as RequestDocuments['data'];
    return this.commands.run(claimId, req, { type: 'RequestDocuments', data });
  }
}
