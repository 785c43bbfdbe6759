import { AssertionError } from 'node:assert';
import { deciderSpecification } from './decider-specification';
import { claimDecider, ClaimError, type ClaimEvent } from './sample-claim-decider';

const { given } = deciderSpecification(claimDecider);
const reported: ClaimEvent = { type: 'ClaimReported', data: { claimId: 'c-1', claimedFen: 500_00n } };
const approve = (approvedFen: bigint) => ({ type: 'ApproveClaim' as const, data: { approvedFen }, metadata: { actor: 'u-1' } });

describe('given / when / then', () => {
  it('passes when decide returns the expected events', () => {
    given([reported]).when(approve(400_00n)).then([{ type: 'ClaimApproved', data: { claimId: 'c-1', approvedFen: 400_00n, approvedBy: 'u-1' } }]);
    given([]).when({ type: 'ReportClaim', data: { claimId: 'c-1', claimedFen: 500_00n } }).then([reported]);
  });

  it('passes thenNothing for a repeated command and thenThrows for a broken rule', () => {
    given([reported]).when({ type: 'ReportClaim', data: { claimId: 'c-1', claimedFen: 500_00n } }).thenNothing();
    given([reported]).when(approve(999_00n)).thenThrows((e) => e instanceof ClaimError && e.code === 'CLAIM.AMOUNT_ABOVE_CLAIM');
    given([]).when(approve(1n)).thenThrows();
  });

  it('fails with an assertion error when the events differ, even only by number vs bigint', () => {
    expect(() => given([reported]).when(approve(400_00n)).then([])).toThrow(AssertionError);
    const asNumber = { type: 'ClaimApproved', data: { claimId: 'c-1', approvedFen: 40000, approvedBy: 'u-1' } } as unknown as ClaimEvent;
    expect(() => given([reported]).when(approve(400_00n)).then([asNumber])).toThrow(AssertionError);
  });

  it('fails when decide throws but events were expected, and when it does not throw or throws the wrong error', () => {
    expect(() => given([]).when(approve(1n)).then([])).toThrow(/decide threw/);
    expect(() => given([reported]).when(approve(1n)).thenThrows()).toThrow(/expected decide to throw/);
    expect(() => given([]).when(approve(1n)).thenThrows((e) => (e as ClaimError).code === 'OTHER')).toThrow(/does not match/);
  });
});
