import { createClaimDecider, defaultClaimPolicy, type Actor, type ClaimCommand, type ClaimState, type ExistingClaim } from '@fpi/claims-domain';
import { coverageSnapshotOf, policyRecordOf } from '../policy-view/policy-record';
import { newPolicy, policyEvent } from '../testing/fixtures';
import { deadlineRowOf, ledgerRowOf, summaryRowOf } from './claim-rows';

const policy = newPolicy(4);
const record = policyRecordOf(policyEvent(policy));
const coverage = () => coverageSnapshotOf(record, 200_000n);

const decider = createClaimDecider();
const handler: Actor = { id: 'h-1', role: 'handler' };
const supervisor: Actor = { id: 's-1', role: 'supervisor' };
const at = (day: number) => new Date(Date.UTC(2025, 2, 1 + day, 6)).toISOString();

/** Runs commands through the real decider (the same rules the service applies). */
function run(commands: [Omit<ClaimCommand, 'metadata'>, number, Actor?][]): ExistingClaim {
  let state: ClaimState = decider.initialState();
  for (const [body, day, actor] of commands) {
    for (const e of decider.decide({ ...body, metadata: { now: at(day), actor: actor ?? handler } } as ClaimCommand, state)) state = decider.evolve(state, e);
  }
  if (state.status === 'empty') throw new Error('no claim');
  return state;
}

const report = {
  type: 'ReportClaim',
  data: {
    claimId: 'c-1',
    householdId: 'h-1',
    claimant: { memberId: policy.members[0]!.memberId, idNumber: policy.members[0]!.idNumber },
    accident: { occurredAt: '2025-03-01T02:00:00.000Z', place: 'road', regionCode: '110105', causeCode: 'traffic', description: 'fell' },
    benefits: ['medical'],
    claimedAmountFen: 900_000n,
    channel: 'phone',
    reporter: { relation: 'self', name: '测试', phone: null },
    documentsProvided: ['claim_form', 'id_document', 'accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement'],
  },
} as const;
const register = { type: 'RegisterClaim', data: { coverage: coverage() } } as const;
const assess = { type: 'AssessClaim', data: { coverage: coverage(), inputs: [{ benefit: 'medical', eligibleCostFen: 410_000n, otherPayersFen: 0n }] } } as const;

describe('claim read-model rows', () => {
  it('summarises the claim for the list, in its region', () => {
    const claim = run([[report, 0], [register, 0], [assess, 1]]);
    expect(summaryRowOf(claim, 3n, at(1))).toMatchObject({ claimId: 'c-1', regionCode: '110105', status: 'assessed', assessedFen: 360_000n, paidFen: 0n, revision: 3n });
  });

  it('schedules the earliest deadline that is not recorded as breached, and nothing once all are met', () => {
    const registered = run([[report, 0], [register, 0]]);
    expect(deadlineRowOf(registered, 2n, defaultClaimPolicy)).toMatchObject({ deadline: 'decision', cycle: 1, dueAt: at(30) });
    const breached = run([[report, 0], [register, 0], [{ type: 'RecordDeadlineBreach', data: { deadline: 'decision' } }, 31]]);
    expect(deadlineRowOf(breached, 3n, defaultClaimPolicy)).toMatchObject({ deadline: 'advance_payment', dueAt: at(60) });
    const decided = run([[report, 0], [register, 0], [{ type: 'RejectClaim', data: { reasonCode: 'NOT_AN_ACCIDENT', note: 'illness' } }, 1], [{ type: 'SendRejectionNotice', data: { noticeId: 'n' } }, 2]]);
    expect(deadlineRowOf(decided, 4n, defaultClaimPolicy)).toMatchObject({ deadline: null, dueAt: null });
  });

  it('holds the assessed medical amount of the shared limit, capped by approval, released on rejection', () => {
    expect(ledgerRowOf(run([[report, 0]]), 0n)).toBeNull();
    expect(ledgerRowOf(run([[report, 0], [register, 0]]), 2n)?.committedFen).toBe(0n);
    expect(ledgerRowOf(run([[report, 0], [register, 0], [assess, 1]]), 3n)).toMatchObject({ policyId: policy.policyId, committedFen: 360_000n });
    const approved = run([[report, 0], [register, 0], [assess, 1], [{ type: 'ApproveClaim', data: { approvedFen: 300_000n } }, 2, supervisor]]);
    expect(ledgerRowOf(approved, 4n)?.committedFen).toBe(300_000n);
    const rejected = run([[report, 0], [register, 0], [assess, 1], [{ type: 'RejectClaim', data: { reasonCode: 'EXCLUDED_CAUSE', note: 'x' } }, 2]]);
    expect(ledgerRowOf(rejected, 4n)?.committedFen).toBe(0n);
  });
});
