import { Injectable } from '@nestjs/common';
import type { ReceiveDocuments } from '@fpi/claims-domain';
import { ClaimCommandService } from '../../shared/claim-command.service';
import type { CommandRequest } from '../../shared/command-request';
import type { CommandOutcome } from '../../shared/idempotency.repository';
import type { ReceiveDocumentsRequest } from './receive-documents.request.dto';

/** Documents handed in; the decider completes the file (and may fast-track it) when nothing is missing. */
@Injectable()
export class ReceiveDocumentsHandler {
  constructor(private readonly commands: ClaimCommandService) {}

  execute(claimId: string, body: ReceiveDocumentsRequest, req: CommandRequest): Promise<CommandOutcome> {
    return this.commands.run(claimId, req, { type: 'ReceiveDocuments', data: { documents: body.documents } as ReceiveDocuments['data'] });
  }
}
