import { FenInput } from '../../shared/fen.dto';

export class ApproveClaimRequest {
  @FenInput({ description: 'Approved amount (default: the assessed total; a lower agreed amount, 协商, may be given)', optional: true })
  approvedFen?: bigint;
}
