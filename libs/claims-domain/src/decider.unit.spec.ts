import { claimDecider, createClaimDecider } from './decide';
import { defaultClaimPolicy } from './policy';
import { serializeClaimEvent } from './codec';
import { deciderSpec } from './testing/given-when-then';
import {
  CLAIM_ID,
  MASKED_ID,
  RAW_ID,
  T0,
  after,
  allDocuments,
  cmd,
  coverage,
  handler,
  handler2,
  medicalAssessed,
  medicalDocumentsComplete,
  play,
  recordedSharesCoverage,
  supervisor,
  UNEVEN_SHARES,
} from './testing/fixtures';

const { given } = deciderSpec(claimDecider);
const reported = () => play([cmd.report()]);
const registered = () => play([cmd.report(), cmd.register()]);
const approved = () => play([cmd.approve()], claimDecider, medicalAssessed());
const scheduled = () => play([cmd.approve(), cmd.schedule()], claimDecider, medicalAssessed());
const paid = () => play([cmd.approve(), cmd.schedule(), cmd.pay()], claimDecider, medicalAssessed());
const rejected = () => play([cmd.reject()], claimDecider, medicalDocumentsComplete());
const medicalInput = { benefit: 'medical' as const, eligibleCostFen: 500_000n, otherPayersFen: 100_000n };

describe('ReportClaim', () => {
  it('records the report with the ID number masked, within the reporting window', () => {
    given()
      .when(cmd.report())
      .thenMatches([
        {
          type: 'ClaimReported',
          data: {
            claimId: CLAIM_ID,
            at: after(0, 10),
            by: handler,
            claimant: { memberId: 'm-1', idNumberMasked: MASKED_ID },
            accident: { occurredAt: T0, regionCode: '110105', causeCode: 'traffic' },
            benefits: ['medical'],
            claimedAmountFen: 800_000n,
            reportingWindowHours: 48,
            reportedLate: false,
          },
        },
      ]);
  });

  it('never stores the full resident ID number', () => {
    given()
      .when(cmd.report())
      .thenState((_, events) => expect(events.map(serializeClaimEvent).join('')).not.toContain(RAW_ID));
  });

  it('records a report after the 48-hour window as late instead of refusing it', () => {
    given()
      .when(cmd.report({}, after(3)))
      .thenMatches([{ type: 'ClaimReported', data: { reportedLate: true } }]);
  });

  it('refuses an accident in the future', () => {
    given().when(cmd.report({ accident: { ...cmd.report().data.accident, occurredAt: after(2) } }, after(1))).thenThrows('CLAIM.ACCIDENT_IN_FUTURE', 'validation');
  });

  it('refuses a benefit the programme does not know', () => {
    given().when(cmd.report({ benefits: ['funeral' as never] })).thenThrows('CLAIM.UNKNOWN_BENEFIT', 'validation');
  });

  it.each([0n, -100n])('refuses a claimed amount of %s fen', (claimedAmountFen) => {
    given().when(cmd.report({ claimedAmountFen })).thenThrows('CLAIM.AMOUNT_NOT_POSITIVE', 'validation');
  });

  it('refuses a malformed ID number', () => {
    given().when(cmd.report({ claimant: { memberId: 'm-1', idNumber: '1101051949' } })).thenThrows('CLAIM.INVALID_ID_NUMBER');
    // RAW_ID with one middle digit mistyped: its masked form still matches, its check character does not.
    given().when(cmd.report({ claimant: { memberId: 'm-1', idNumber: '11010519491231012X' } })).thenThrows('CLAIM.INVALID_ID_NUMBER');
  });

  it('refuses a time without a zone', () => {
    given().when(cmd.report({}, '2025-03-01 10:00')).thenThrows('CLAIM.INVALID_TIME');
  });

  it('takes a repeated report as a retry', () => {
    given(reported()).when(cmd.report({}, after(0, 11))).thenNothing();
  });

  it('refuses a different report under the same claim id', () => {
    given(reported()).when(cmd.report({ benefits: ['death'] })).thenThrows('CLAIM.ALREADY_REPORTED', 'conflict');
  });
});

describe('RegisterClaim', () => {
  it('answers not found for a claim never reported', () => {
    given().when(cmd.register()).thenThrows('CLAIM.NOT_FOUND', 'not_found');
  });

  it('registers against the coverage and lists the missing documents', () => {
    given(reported())
      .when(cmd.register())
      .thenMatches([
        {
          type: 'ClaimRegistered',
          data: {
            coverage: { policyNumber: 'PN-2025-0001' },
            requiredDocuments: ['claim_form', 'id_document', 'accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement'],
            missingDocuments: ['accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement'],
            cycle: 1,
          },
        },
      ]);
  });

  it('completes the documents at once when everything came with the report', () => {
    given(play([cmd.report({ documentsProvided: allDocuments(['medical']) })]))
      .when(cmd.register())
      .thenTypes(['ClaimRegistered', 'ClaimDocumentsCompleted']);
  });

  it.each([
    ['ACCIDENT_BEFORE_COVER', coverage({ coverStart: '2025-03-05T00:00:00.000Z' })],
    ['ACCIDENT_AFTER_COVER', coverage({ coverStart: '2024-01-01T00:00:00.000Z', coverEnd: '2025-03-01T00:00:00.000Z' })],
    ['MEMBER_NOT_INSURED', coverage({ insuredMemberIds: ['m-2', 'm-3'] })],
    ['POLICY_CANCELLED', coverage({ status: 'cancelled', cancelledAt: '2025-02-01T00:00:00.000Z' })],
    ['POLICY_NOT_IN_FORCE', coverage({ status: 'pending' })],
    ['BENEFIT_NOT_IN_PRODUCT', coverage({ benefits: ['death', 'disability'] })],
    ['POLICY_NOT_FOUND', null],
  ])('rejects at once with %s', (reasonCode, cov) => {
    given(reported())
      .when(cmd.register(cov))
      .thenMatches([{ type: 'ClaimRejected', data: { reasonCode, stage: 'registration', coverage: cov } }]);
  });

  it('covers an accident that happened before the policy was cancelled', () => {
    given(reported())
      .when(cmd.register(coverage({ status: 'cancelled', cancelledAt: '2025-03-02T00:00:00.000Z' })))
      .thenTypes(['ClaimRegistered']);
  });

  it('takes a repeated registration as a retry', () => {
    given(registered()).when(cmd.register()).thenNothing();
  });

  it('refuses a registration against another policy', () => {
    given(registered()).when(cmd.register(coverage({ policyId: 'p-2' }))).thenThrows('CLAIM.ALREADY_REGISTERED', 'conflict');
  });

  it('refuses a malformed coverage snapshot', () => {
    given(reported()).when(cmd.register(coverage({ medicalRatioBp: 0.9 }))).thenThrows('CLAIM.INVALID_COVERAGE', 'validation');
  });

  it('records the share the policy gives each insured member', () => {
    given(reported())
      .when(cmd.register(recordedSharesCoverage()))
      .thenMatches([{ type: 'ClaimRegistered', data: { coverage: { insuredMemberIds: ['m-1', 'm-2', 'm-3'], memberShares: UNEVEN_SHARES } } }]);
  });

  it.each([
    ['a member without a share', UNEVEN_SHARES.slice(0, 2)],
    ['a share of someone not insured', [...UNEVEN_SHARES.slice(0, 2), { memberId: 'm-9', shareFen: 3_333_333n }]],
    ['a member named twice', [...UNEVEN_SHARES, { memberId: 'm-1', shareFen: 0n }]],
    ['a negative share', [{ memberId: 'm-1', shareFen: 10_000_001n }, { memberId: 'm-2', shareFen: -1n }, { memberId: 'm-3', shareFen: 0n }]],
    ['shares that do not add up to the household sum', [{ memberId: 'm-1', shareFen: 3_333_333n }, ...UNEVEN_SHARES.slice(1)]],
  ])('refuses recorded shares with %s', (_, memberShares) => {
    given(reported()).when(cmd.register(recordedSharesCoverage({ memberShares }))).thenThrows('CLAIM.INVALID_COVERAGE', 'validation');
  });
});

describe('RequestDocuments (一次性告知)', () => {
  it('lists everything missing in one notice, case-specific additions included, and pauses the clock', () => {
    given(registered())
      .when(cmd.requestDocuments('n-1', after(1, 1), ['discharge_summary']))
      .thenState((state, events) => {
        expect(events).toMatchObject([
          {
            type: 'ClaimDocumentsRequested',
            data: { noticeId: 'n-1', documents: ['accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement', 'discharge_summary'] },
          },
        ]);
        expect(state).toMatchObject({ status: 'awaiting_documents', clock: { pauses: [{ from: after(1, 1), to: null }] } });
      });
  });

  it('refuses a second notice', () => {
    given(play([cmd.requestDocuments()], claimDecider, registered())).when(cmd.requestDocuments('n-2')).thenThrows('CLAIM.DOCUMENTS_ALREADY_REQUESTED', 'conflict');
  });

  it('takes the same notice again as a retry', () => {
    given(play([cmd.requestDocuments()], claimDecider, registered())).when(cmd.requestDocuments()).thenNothing();
  });

  it('needs a registered claim', () => {
    given(reported()).when(cmd.requestDocuments()).thenThrows('CLAIM.NOT_REGISTERED', 'precondition');
  });

  it('refuses a notice when nothing is missing', () => {
    given(play([cmd.report({ documentsProvided: allDocuments(['medical']) }), cmd.register()])).when(cmd.requestDocuments()).thenThrows('CLAIM.NO_DOCUMENTS_MISSING');
  });
});

describe('ReceiveDocuments', () => {
  const awaiting = () => play([cmd.requestDocuments()], claimDecider, registered());

  it('records documents that still leave some missing', () => {
    given(awaiting()).when(cmd.receive(['accident_proof'])).thenTypes(['ClaimDocumentsReceived']);
  });

  it('completes the documents when the last one arrives and resumes the clock', () => {
    given(awaiting())
      .when(cmd.receive(allDocuments(['medical']), after(5)))
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['ClaimDocumentsReceived', 'ClaimDocumentsCompleted']);
        expect(events[0]).toMatchObject({ data: { documents: ['accident_proof', 'bank_account', 'medical_records', 'medical_invoice', 'other_payer_statement'] } });
        expect(state).toMatchObject({ status: 'documents_complete', clock: { pauses: [{ from: after(1, 1), to: after(5) }] } });
      });
  });

  it('takes documents already received as a retry', () => {
    given(awaiting()).when(cmd.receive(['claim_form'])).thenNothing();
  });

  it('refuses new documents once complete', () => {
    given(medicalDocumentsComplete()).when(cmd.receive(['discharge_summary'])).thenThrows('CLAIM.DOCUMENTS_ALREADY_COMPLETE', 'conflict');
  });

  it('refuses an unknown document type', () => {
    given(awaiting()).when(cmd.receive(['selfie' as never])).thenThrows('CLAIM.UNKNOWN_DOCUMENT', 'validation');
  });
});

describe('AssessClaim', () => {
  it('needs complete documents', () => {
    given(registered()).when(cmd.assess([medicalInput])).thenThrows('CLAIM.DOCUMENTS_INCOMPLETE', 'precondition');
  });

  it('computes each benefit line by the product rule and keeps its inputs', () => {
    given(medicalDocumentsComplete())
      .when(cmd.assess([medicalInput]))
      .thenMatches([
        {
          type: 'ClaimAssessed',
          data: {
            totalFen: 351_000n,
            lines: [
              {
                benefit: 'medical',
                rule: 'MEDICAL_SHARED_LIMIT_V1',
                amountFen: 351_000n,
                inputs: {
                  eligibleCostFen: 500_000n,
                  otherPayersFen: 100_000n,
                  deductibleFen: 10_000n,
                  reimbursementRatioBp: 9_000,
                  reimbursableFen: 351_000n,
                  householdLimitFen: 1_000_000n,
                  remainingLimitFen: 800_000n,
                },
              },
            ],
          },
        },
      ]);
  });

  it('refuses an input for a benefit that was not claimed', () => {
    given(medicalDocumentsComplete()).when(cmd.assess([medicalInput, { benefit: 'allowance', days: 3 }])).thenThrows('CLAIM.BENEFIT_NOT_CLAIMED', 'validation');
  });

  it('needs an input for every claimed benefit', () => {
    given(medicalDocumentsComplete()).when(cmd.assess([])).thenThrows('CLAIM.ASSESSMENT_INPUT_MISSING', 'validation');
  });

  it('refuses a benefit the product does not have', () => {
    given(medicalDocumentsComplete())
      .when(cmd.assess([medicalInput], after(7), handler, coverage({ benefits: ['death'] })))
      .thenThrows('CLAIM.BENEFIT_NOT_IN_PRODUCT', 'unprocessable');
  });

  it('refuses a claimant who is not an insured member', () => {
    given(medicalDocumentsComplete())
      .when(cmd.assess([medicalInput], after(7), handler, coverage({ insuredMemberIds: ['m-2'] })))
      .thenThrows('CLAIM.UNKNOWN_MEMBER', 'unprocessable');
  });

  it('refuses the coverage of another policy', () => {
    given(medicalDocumentsComplete())
      .when(cmd.assess([medicalInput], after(7), handler, coverage({ policyId: 'p-9' })))
      .thenThrows('CLAIM.COVERAGE_MISMATCH', 'conflict');
  });

  it.each([
    ['CLAIM.AMOUNT_NOT_POSITIVE', 0n, 0n],
    ['CLAIM.AMOUNT_NEGATIVE', 100_000n, -1n],
    ['CLAIM.OTHER_PAYERS_ABOVE_COST', 100_000n, 100_001n],
  ])('refuses bad medical amounts with %s', (code, eligibleCostFen, otherPayersFen) => {
    given(medicalDocumentsComplete()).when(cmd.assess([{ benefit: 'medical', eligibleCostFen, otherPayersFen }])).thenThrows(code, 'validation');
  });

  it('takes the same assessment again as a retry', () => {
    given(medicalAssessed()).when(cmd.assess([medicalInput])).thenNothing();
  });

  it('lets the assessor correct the assessment before approval', () => {
    given(medicalAssessed())
      .when(cmd.assess([{ ...medicalInput, otherPayersFen: 0n }]))
      .thenMatches([{ type: 'ClaimAssessed', data: { totalFen: 441_000n } }]);
  });

  describe('death and disability pay the share the policy records', () => {
    // A household of three with 100,000 yuan: the policy records 33,333.34 yuan for the claimant m-1, who
    // holds the fen that does not divide, and 33,333.33 for the other two. Deaths are fast-tracked, so the
    // assessment comes on day 2, within the green channel's target.
    const deathComplete = (cov = recordedSharesCoverage()) =>
      play([cmd.report({ benefits: ['death', 'disability'], claimedAmountFen: null, documentsProvided: allDocuments(['death', 'disability']) }), cmd.register(cov)]);

    it('pays the claimant holding the extra fen the share the policy records, once for death and disability together, and says so in the lines', () => {
      given(deathComplete())
        .when(cmd.assess([{ benefit: 'death' }, { benefit: 'disability', grade: 1 }], after(2), handler, recordedSharesCoverage()))
        .thenMatches([
          {
            type: 'ClaimAssessed',
            data: {
              coverage: { memberShares: UNEVEN_SHARES },
              lines: [
                {
                  benefit: 'death',
                  rule: 'DEATH_MEMBER_SHARE_V3',
                  amountFen: 3_333_334n,
                  inputs: { householdSumInsuredFen: 10_000_000n, insuredMembers: 3, memberShareFen: 3_333_334n, recordedShare: 1, heldByOtherClaimsFen: 0n, heldByThisClaimFen: 0n, availableShareFen: 3_333_334n },
                },
                {
                  // Grade 1 would pay the whole share again; death has taken it (身故、残疾累计给付以保险金额为限).
                  benefit: 'disability',
                  rule: 'DISABILITY_GRADE_RATIO_V3',
                  amountFen: 0n,
                  inputs: { memberShareFen: 3_333_334n, grade: 1, gradeRatioBp: 10_000, gradeAmountFen: 3_333_334n, heldByThisClaimFen: 3_333_334n, availableShareFen: 0n },
                },
              ],
              totalFen: 3_333_334n,
            },
          },
        ]);
    });

    it('pays a later claim of the same member only what their earlier claims do not hold of the share', () => {
      const held = recordedSharesCoverage({ memberSharesHeld: [{ memberId: 'm-1', heldFen: 2_000_000n }] });
      given(deathComplete())
        .when(cmd.assess([{ benefit: 'death' }, { benefit: 'disability', grade: 10 }], after(2), handler, held))
        .thenMatches([
          {
            type: 'ClaimAssessed',
            data: {
              coverage: { memberSharesHeld: [{ memberId: 'm-1', heldFen: 2_000_000n }] },
              lines: [
                { rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 1_333_334n, inputs: { heldByOtherClaimsFen: 2_000_000n } },
                { rule: 'DISABILITY_GRADE_RATIO_V3', amountFen: 0n },
              ],
              totalFen: 1_333_334n,
            },
          },
        ]);
    });

    it('pays a claimant without the extra fen their own recorded share', () => {
      const other = play([
        cmd.report({ claimant: { memberId: 'm-3', idNumber: RAW_ID }, benefits: ['death'], claimedAmountFen: null, documentsProvided: allDocuments(['death']) }),
        cmd.register(recordedSharesCoverage()),
      ]);
      given(other)
        .when(cmd.assess([{ benefit: 'death' }], after(2), handler, recordedSharesCoverage()))
        .thenMatches([{ type: 'ClaimAssessed', data: { lines: [{ rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 3_333_333n }], totalFen: 3_333_333n } }]);
    });

    it('falls back to the equal split rounded half down when the snapshot records no shares', () => {
      const older = recordedSharesCoverage({ memberShares: undefined });
      given(play([cmd.report({ benefits: ['disability'], claimedAmountFen: null, documentsProvided: allDocuments(['disability']) }), cmd.register(older)]))
        .when(cmd.assess([{ benefit: 'disability', grade: 6 }], after(2), handler, older))
        .thenMatches([
          {
            type: 'ClaimAssessed',
            data: {
              // 50 % of the equal split 3,333,333: 1,666,666.5 -> 1,666,666, where the recorded share pays 1,666,667.
              lines: [{ rule: 'DISABILITY_GRADE_RATIO_V3', amountFen: 1_666_666n, inputs: { recordedShare: 0, memberShareFen: 3_333_333n, gradeRatioBp: 5_000 } }],
              totalFen: 1_666_666n,
            },
          },
        ]);
    });

    it('pays the recorded share when a claim registered on an older snapshot is assessed on the policy as recorded now', () => {
      given(deathComplete(recordedSharesCoverage({ memberShares: undefined })))
        .when(cmd.assess([{ benefit: 'death' }, { benefit: 'disability', grade: 10 }], after(2), handler, recordedSharesCoverage()))
        .thenMatches([{ type: 'ClaimAssessed', data: { lines: [{ rule: 'DEATH_MEMBER_SHARE_V3', amountFen: 3_333_334n, inputs: { recordedShare: 1 } }, { amountFen: 0n }] } }]);
    });
  });
});

describe('ApproveClaim', () => {
  it('needs an assessment', () => {
    given(medicalDocumentsComplete()).when(cmd.approve()).thenThrows('CLAIM.NOT_ASSESSED', 'precondition');
  });

  it('approves the assessed total by default', () => {
    given(medicalAssessed())
      .when(cmd.approve())
      .then([{ type: 'ClaimApproved', data: { claimId: CLAIM_ID, at: after(8), by: supervisor, approvedFen: 351_000n, fourEyes: false, assessedBy: handler.id } }]);
  });

  it('approves a lower agreed amount', () => {
    given(medicalAssessed()).when(cmd.approve(300_000n)).thenMatches([{ type: 'ClaimApproved', data: { approvedFen: 300_000n } }]);
  });

  it('refuses an amount above the assessment', () => {
    given(medicalAssessed()).when(cmd.approve(999_000n)).thenThrows('CLAIM.AMOUNT_ABOVE_ASSESSMENT', 'unprocessable');
  });

  it.each([0n, -1n])('refuses an approved amount of %s fen', (amount) => {
    given(medicalAssessed()).when(cmd.approve(amount)).thenThrows('CLAIM.AMOUNT_NOT_POSITIVE');
  });

  describe('four eyes', () => {
    const strict = createClaimDecider({ ...defaultClaimPolicy, fourEyesAboveFen: 300_000n });
    const spec = deciderSpec(strict);

    it('refuses approval by the assessor above the configured amount', () => {
      spec.given(medicalAssessed()).when(cmd.approve(undefined, after(8), handler)).thenThrows('CLAIM.FOUR_EYES_REQUIRED', 'forbidden');
    });

    it('accepts a second person above the amount and records that four eyes applied', () => {
      spec.given(medicalAssessed()).when(cmd.approve(undefined, after(8), handler2)).thenMatches([{ type: 'ClaimApproved', data: { fourEyes: true } }]);
    });

    it('lets the assessor approve up to the amount itself', () => {
      spec.given(medicalAssessed()).when(cmd.approve(300_000n, after(8), handler)).thenMatches([{ type: 'ClaimApproved', data: { fourEyes: false } }]);
    });
  });

  it('takes a repeated approval as a retry', () => {
    given(approved()).when(cmd.approve()).thenNothing();
    given(paid()).when(cmd.approve(351_000n)).thenNothing();
  });

  it('refuses to approve again with another amount', () => {
    given(approved()).when(cmd.approve(100_000n)).thenThrows('CLAIM.ALREADY_DECIDED', 'conflict');
  });
});

describe('RejectClaim', () => {
  it('rejects with a coded reason: an outcome, not an error', () => {
    given(medicalDocumentsComplete())
      .when(cmd.reject('EXCLUDED_CAUSE'))
      .thenMatches([{ type: 'ClaimRejected', data: { reasonCode: 'EXCLUDED_CAUSE', stage: 'decision' } }]);
  });

  it('takes a repeated rejection as a retry and refuses another reason', () => {
    given(rejected()).when(cmd.reject('EXCLUDED_CAUSE')).thenNothing();
    given(rejected()).when(cmd.reject('NOT_AN_ACCIDENT')).thenThrows('CLAIM.ALREADY_DECIDED');
  });

  it('cannot reject an approved claim', () => {
    given(approved()).when(cmd.reject()).thenThrows('CLAIM.ALREADY_DECIDED', 'conflict');
  });

  it('cannot reject once a part was paid in advance', () => {
    given(play([cmd.payPart(100_000n)], claimDecider, medicalDocumentsComplete())).when(cmd.reject()).thenThrows('CLAIM.PAYMENT_ALREADY_MADE');
  });

  it('refuses an unknown reason code', () => {
    given(medicalDocumentsComplete()).when(cmd.reject('BAD_LUCK' as never)).thenThrows('CLAIM.UNKNOWN_CODE', 'validation');
  });
});

describe('SendRejectionNotice (Art. 24)', () => {
  it('records the notice', () => {
    given(rejected()).when(cmd.sendNotice()).thenMatches([{ type: 'ClaimRejectionNoticeSent', data: { noticeId: 'rn-1' } }]);
  });

  it('takes the same notice as a retry and refuses a second one', () => {
    const sent = play([cmd.sendNotice()], claimDecider, rejected());
    given(sent).when(cmd.sendNotice()).thenNothing();
    given(sent).when(cmd.sendNotice('rn-2')).thenThrows('CLAIM.REJECTION_NOTICE_ALREADY_SENT');
  });

  it('needs a rejected claim', () => {
    given(approved()).when(cmd.sendNotice()).thenThrows('CLAIM.NOT_REJECTED', 'precondition');
  });
});

describe('payment', () => {
  it('cannot schedule or pay an unapproved claim', () => {
    given(medicalAssessed()).when(cmd.schedule()).thenThrows('CLAIM.NOT_APPROVED', 'precondition');
    given(medicalAssessed()).when(cmd.pay()).thenThrows('CLAIM.NOT_APPROVED', 'precondition');
  });

  it('schedules what is still owed', () => {
    given(approved()).when(cmd.schedule()).thenMatches([{ type: 'ClaimPaymentScheduled', data: { paymentId: 'pay-1', amountFen: 351_000n } }]);
  });

  it('cannot pay what was not scheduled', () => {
    given(approved()).when(cmd.pay()).thenThrows('CLAIM.PAYMENT_NOT_SCHEDULED', 'precondition');
    given(scheduled()).when(cmd.pay('pay-9')).thenThrows('CLAIM.PAYMENT_NOT_FOUND', 'not_found');
  });

  it('refuses a second schedule', () => {
    given(scheduled()).when(cmd.schedule('pay-2')).thenThrows('CLAIM.PAYMENT_ALREADY_SCHEDULED', 'conflict');
  });

  it('records the payment with its reference', () => {
    given(scheduled())
      .when(cmd.pay())
      .thenState((state, events) => {
        expect(events).toMatchObject([{ type: 'ClaimPaid', data: { paymentId: 'pay-1', amountFen: 351_000n, paymentReference: 'BANK-0001' } }]);
        expect(state.status).toBe('paid');
      });
  });

  it('takes the same payment as a retry and refuses to pay twice', () => {
    given(paid()).when(cmd.pay()).thenNothing();
    given(paid()).when(cmd.pay('pay-1', 'BANK-0002')).thenThrows('CLAIM.ALREADY_PAID', 'conflict');
    given(paid()).when(cmd.schedule('pay-2')).thenThrows('CLAIM.ALREADY_PAID', 'conflict');
  });

  it('pays nothing on a rejected claim', () => {
    given(rejected()).when(cmd.schedule()).thenThrows('CLAIM.REJECTED', 'conflict');
    given(rejected()).when(cmd.pay()).thenThrows('CLAIM.REJECTED', 'conflict');
    given(rejected()).when(cmd.payPart(1_000n)).thenThrows('CLAIM.REJECTED', 'conflict');
  });
});

describe('PayDeterminedPart (先予支付, Art. 25)', () => {
  it('pays the determined part while the amount is not fixed', () => {
    given(medicalDocumentsComplete())
      .when(cmd.payPart(200_000n))
      .thenState((state, events) => {
        expect(events).toMatchObject([{ type: 'ClaimPartPaidInAdvance', data: { paymentId: 'adv-1', amountFen: 200_000n } }]);
        expect(state.status).toBe('documents_complete');
      });
  });

  it('refuses more than the claimed benefits can pay', () => {
    given(medicalDocumentsComplete()).when(cmd.payPart(800_001n)).thenThrows('CLAIM.AMOUNT_ABOVE_SUM_INSURED', 'unprocessable');
  });

  describe('for death, up to the share the policy records for the claimant', () => {
    const deathComplete = (cov = recordedSharesCoverage()) =>
      play([cmd.report({ benefits: ['death'], claimedAmountFen: null, documentsProvided: allDocuments(['death']) }), cmd.register(cov)]);

    it('pays up to the recorded share of the claimant holding the extra fen, and no more', () => {
      given(deathComplete()).when(cmd.payPart(3_333_334n, 'adv-1', after(2))).thenMatches([{ type: 'ClaimPartPaidInAdvance', data: { amountFen: 3_333_334n } }]);
      given(deathComplete()).when(cmd.payPart(3_333_335n, 'adv-1', after(2))).thenThrows('CLAIM.AMOUNT_ABOVE_SUM_INSURED', 'unprocessable');
    });

    it('keeps the equal split as the bound of a claim registered on a snapshot without the shares', () => {
      const older = recordedSharesCoverage({ memberShares: undefined });
      given(deathComplete(older)).when(cmd.payPart(3_333_333n, 'adv-1', after(2))).thenTypes(['ClaimPartPaidInAdvance']);
      given(deathComplete(older)).when(cmd.payPart(3_333_334n, 'adv-1', after(2))).thenThrows('CLAIM.AMOUNT_ABOVE_SUM_INSURED', 'unprocessable');
    });
  });

  it('is not for a claim whose amount is fixed', () => {
    given(medicalAssessed()).when(cmd.payPart(100_000n)).thenThrows('CLAIM.ALREADY_ASSESSED', 'precondition');
  });

  it('needs complete documents', () => {
    given(registered()).when(cmd.payPart(100_000n)).thenThrows('CLAIM.DOCUMENTS_INCOMPLETE');
  });

  it('takes the same advance as a retry and refuses the id for another amount', () => {
    const advanced = play([cmd.payPart(200_000n)], claimDecider, medicalDocumentsComplete());
    given(advanced).when(cmd.payPart(200_000n)).thenNothing();
    given(advanced).when(cmd.payPart(100_000n)).thenThrows('CLAIM.PAYMENT_ID_REUSED', 'conflict');
  });

  it('keeps the assessment and approval at or above what was paid', () => {
    const advanced = play([cmd.payPart(400_000n)], claimDecider, medicalDocumentsComplete());
    given(advanced).when(cmd.assess([medicalInput])).thenThrows('CLAIM.AMOUNT_BELOW_PAID', 'unprocessable');
    const assessed = play([cmd.payPart(200_000n), cmd.assess([medicalInput])], claimDecider, medicalDocumentsComplete());
    given(assessed).when(cmd.approve(100_000n)).thenThrows('CLAIM.AMOUNT_BELOW_PAID');
  });

  it('schedules only the remainder after approval', () => {
    given(play([cmd.payPart(200_000n), cmd.assess([medicalInput]), cmd.approve()], claimDecider, medicalDocumentsComplete()))
      .when(cmd.schedule())
      .thenMatches([{ type: 'ClaimPaymentScheduled', data: { amountFen: 151_000n } }]);
  });

  it('settles the claim on approval when everything was paid in advance', () => {
    given(play([cmd.payPart(351_000n), cmd.assess([medicalInput])], claimDecider, medicalDocumentsComplete()))
      .when(cmd.approve())
      .thenState((state) => expect(state.status).toBe('paid'));
  });
});

describe('ReversePayment', () => {
  it('puts the money back as owed and lets a new payment be scheduled', () => {
    const reversed = play([cmd.reverse()], claimDecider, paid());
    given(paid())
      .when(cmd.reverse())
      .thenState((state, events) => {
        expect(events).toMatchObject([{ type: 'ClaimPaymentReversed', data: { paymentId: 'pay-1', amountFen: 351_000n, reasonCode: 'BANK_RETURNED' } }]);
        expect(state.status).toBe('approved');
      });
    given(reversed).when(cmd.schedule('pay-2', after(11, 1))).thenMatches([{ type: 'ClaimPaymentScheduled', data: { amountFen: 351_000n } }]);
    given(reversed).when(cmd.schedule('pay-1', after(11, 1))).thenThrows('CLAIM.PAYMENT_ID_REUSED');
  });

  it('takes a repeated reversal as a retry', () => {
    given(play([cmd.reverse()], claimDecider, paid())).when(cmd.reverse()).thenNothing();
  });

  it('needs a payment that was made', () => {
    given(approved()).when(cmd.reverse()).thenThrows('CLAIM.PAYMENT_NOT_FOUND', 'not_found');
    given(scheduled()).when(cmd.reverse()).thenThrows('CLAIM.NOT_PAID', 'precondition');
  });
});

describe('follow-up (回访) and closing', () => {
  it('completes the follow-up when the family answers, then closes', () => {
    given(paid())
      .when(cmd.followUp('basically_satisfied'))
      .thenState((state, events) => {
        expect(events).toMatchObject([{ type: 'ClaimFollowUpRecorded', data: { attempt: 1, outcome: 'basically_satisfied', completed: true } }]);
        expect(state.status).toBe('followed_up');
      });
    given(play([cmd.followUp()], claimDecider, paid())).when(cmd.close()).thenMatches([{ type: 'ClaimClosed', data: { outcome: 'paid' } }]);
  });

  it('completes as unreachable after the configured number of unanswered calls', () => {
    const twice = play([cmd.followUp('unreachable', 'call-1', after(12)), cmd.followUp('unreachable', 'call-2', after(13))], claimDecider, paid());
    given(twice).when(cmd.followUp('unreachable', 'call-3', after(14))).thenMatches([{ type: 'ClaimFollowUpRecorded', data: { attempt: 3, completed: true } }]);
    given(twice).when(cmd.close()).thenThrows('CLAIM.FOLLOW_UP_PENDING', 'precondition');
  });

  it('takes a repeated call record as a retry', () => {
    given(play([cmd.followUp('unreachable')], claimDecider, paid())).when(cmd.followUp('unreachable')).thenNothing();
  });

  it('calls only once the claim is paid', () => {
    given(approved()).when(cmd.followUp()).thenThrows('CLAIM.NOT_PAID', 'precondition');
  });

  it('closes a rejected claim only after the notice went out', () => {
    given(rejected()).when(cmd.close()).thenThrows('CLAIM.REJECTION_NOTICE_NOT_SENT', 'precondition');
    given(play([cmd.sendNotice()], claimDecider, rejected())).when(cmd.close()).thenMatches([{ type: 'ClaimClosed', data: { outcome: 'rejected' } }]);
  });

  it('cannot close an open claim', () => {
    given(approved()).when(cmd.close()).thenThrows('CLAIM.NOT_CLOSABLE', 'precondition');
  });
});

describe('WithdrawClaim', () => {
  it('withdraws an undecided claim and refuses further steps', () => {
    given(registered()).when(cmd.withdraw()).thenMatches([{ type: 'ClaimWithdrawn', data: { reasonCode: 'CLAIMANT_REQUEST' } }]);
    const withdrawn = play([cmd.withdraw()], claimDecider, registered());
    given(withdrawn).when(cmd.withdraw()).thenNothing();
    given(withdrawn).when(cmd.requestDocuments()).thenThrows('CLAIM.WITHDRAWN', 'conflict');
  });

  it('cannot withdraw once money moved', () => {
    given(paid()).when(cmd.withdraw(after(10))).thenThrows('CLAIM.ALREADY_PAID', 'conflict');
    given(play([cmd.payPart(1_000n)], claimDecider, medicalDocumentsComplete())).when(cmd.withdraw(after(8))).thenThrows('CLAIM.PAYMENT_ALREADY_MADE');
  });
});

describe('ReopenClaim', () => {
  it('reopens a decision rejection for reassessment in a new cycle', () => {
    given(rejected())
      .when(cmd.reopen('reconsideration', 'rc-1', after(10)))
      .thenState((state, events) => {
        expect(events).toMatchObject([{ type: 'ClaimReopened', data: { reopenId: 'rc-1', cycle: 2, resumeAt: 'documents_complete' } }]);
        expect(state).toMatchObject({ status: 'documents_complete', cycle: 2, rejection: null });
      });
  });

  it('reopens a coverage rejection for registration against corrected facts', () => {
    const coverageRejected = play([cmd.report(), cmd.register(coverage({ insuredMemberIds: ['m-2'] }))]);
    const reopened = play([cmd.reopen('appeal', 'appeal-1', after(2))], claimDecider, coverageRejected);
    given(coverageRejected).when(cmd.reopen('appeal', 'appeal-1', after(2))).thenMatches([{ type: 'ClaimReopened', data: { resumeAt: 'reported' } }]);
    given(reopened).when(cmd.register(coverage(), after(2, 1))).thenMatches([{ type: 'ClaimRegistered', data: { cycle: 2 } }]);
  });

  it('reopens a closed rejection only on appeal', () => {
    const closed = play([cmd.sendNotice(), cmd.close(after(10))], claimDecider, rejected());
    given(closed).when(cmd.reopen('reconsideration')).thenThrows('CLAIM.NOT_REOPENABLE', 'precondition');
    given(closed).when(cmd.reopen('appeal')).thenTypes(['ClaimReopened']);
  });

  it('takes a repeated reopening as a retry', () => {
    given(play([cmd.reopen()], claimDecider, rejected())).when(cmd.reopen()).thenNothing();
  });

  it('reopens only rejected claims', () => {
    given(approved()).when(cmd.reopen()).thenThrows('CLAIM.NOT_REJECTED', 'precondition');
  });
});
