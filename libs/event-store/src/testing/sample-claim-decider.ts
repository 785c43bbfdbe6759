import type { Decider } from '../lib/decider';

/** A small claim aggregate for this library's own tests: bigint fen, idempotent commands, coded errors. */

export type ClaimEvent =
  | { type: 'ClaimReported'; data: { claimId: string; claimedFen: bigint } }
  | { type: 'ClaimApproved'; data: { claimId: string; approvedFen: bigint; approvedBy: string } }
  | { type: 'ClaimNoted'; data: { note: string } };

export type ClaimCommand =
  | { type: 'ReportClaim'; data: { claimId: string; claimedFen: bigint } }
  | { type: 'ApproveClaim'; data: { approvedFen: bigint }; metadata: { actor: string } };

export type Claim =
  | { status: 'None' }
  | { status: 'Reported'; claimId: string; claimedFen: bigint }
  | { status: 'Approved'; claimId: string; claimedFen: bigint; approvedFen: bigint };

export class ClaimError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export const claimDecider: Decider<ClaimCommand, Claim, ClaimEvent> = {
  initialState: () => ({ status: 'None' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ClaimReported':
        return { status: 'Reported', claimId: event.data.claimId, claimedFen: event.data.claimedFen };
      case 'ClaimApproved':
        return state.status === 'None' ? state : { status: 'Approved', claimId: state.claimId, claimedFen: state.claimedFen, approvedFen: event.data.approvedFen };
      case 'ClaimNoted':
        return state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'ReportClaim':
        if (state.status !== 'None') {
          if (state.claimId === command.data.claimId && state.claimedFen === command.data.claimedFen) return [];
          throw new ClaimError('CLAIM.ALREADY_REPORTED');
        }
        return [{ type: 'ClaimReported', data: command.data }];
      case 'ApproveClaim':
        if (state.status === 'Approved' && state.approvedFen === command.data.approvedFen) return [];
        if (state.status !== 'Reported') throw new ClaimError('CLAIM.NOT_REPORTED');
        if (command.data.approvedFen > state.claimedFen) throw new ClaimError('CLAIM.AMOUNT_ABOVE_CLAIM');
        return [{ type: 'ClaimApproved', data: { claimId: state.claimId, approvedFen: command.data.approvedFen, approvedBy: command.metadata.actor } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
