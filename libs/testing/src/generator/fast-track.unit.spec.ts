import { fastTrackCriteria, fastTrackMissed, plannedFastTrack } from './fast-track';
import { computeGroundTruth } from './ground-truth';
import { REFERENCE_CITY, SECOND_CITY, scaleCity } from './parameters';
import { PLAN_DOCUMENTS, planProgrammeYear, type PlannedClaim, type PlannedHousehold } from './plan';

const H = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2021, 5, 1) + hours * H).toISOString();
const household = (status: PlannedHousehold['status'] = 'ONE_CHILD') => ({ status }) as PlannedHousehold;
const every = [...PLAN_DOCUMENTS.every, ...PLAN_DOCUMENTS.medical];

/** A small medical claim reported at hour 0 with every document, approved at hour 24 and paid at hour 48. */
const claim = (c: Partial<PlannedClaim> = {}): PlannedClaim =>
  ({
    key: 'C1',
    benefit: 'medical',
    outcome: 'paid',
    reportedAt: at(0),
    claimedAmountFen: 120_000n,
    documentsAtReport: every,
    documentsRequested: [],
    documentsRequestedAt: null,
    documentsCompletedAt: at(0),
    approvedAt: at(24),
    paidAt: at(48),
    closedAt: null,
    withdrawnAt: null,
    ...c,
  }) as PlannedClaim;

describe('the green channel read from a plan', () => {
  it('fast-tracks small medical claims with invoices, deaths with a certificate and vulnerable households', () => {
    expect(fastTrackCriteria({ benefit: 'medical', claimedAmountFen: 499_999n }, ['medical_invoice'], 'ONE_CHILD')).toEqual(['SMALL_MEDICAL']);
    expect(fastTrackCriteria({ benefit: 'medical', claimedAmountFen: 500_000n }, ['medical_invoice'], 'ONE_CHILD')).toEqual([]);
    expect(fastTrackCriteria({ benefit: 'medical', claimedAmountFen: null }, ['medical_invoice'], 'ONE_CHILD')).toEqual([]);
    expect(fastTrackCriteria({ benefit: 'medical', claimedAmountFen: 1_000n }, ['medical_records'], 'ONE_CHILD')).toEqual([]);
    expect(fastTrackCriteria({ benefit: 'death', claimedAmountFen: null }, ['death_certificate'], 'OTHER')).toEqual(['ACCIDENTAL_DEATH']);
    expect(fastTrackCriteria({ benefit: 'death', claimedAmountFen: null }, [], 'OTHER')).toEqual([]);
    for (const status of ['SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME'] as const) expect(fastTrackCriteria({ benefit: 'allowance', claimedAmountFen: null }, [], status)).toEqual(['VULNERABLE_HOUSEHOLD']);
  });

  it('judges at registration on the documents handed in, and again when the missing ones arrive', () => {
    const missing = { documentsAtReport: [...PLAN_DOCUMENTS.every], documentsRequested: [...PLAN_DOCUMENTS.medical], documentsRequestedAt: at(5), documentsCompletedAt: at(100) };
    expect(plannedFastTrack(claim(), household())?.at).toBe(at(0));
    expect(plannedFastTrack(claim(missing), household())?.at).toBe(at(100));
    expect(plannedFastTrack(claim(missing), household('LOW_INCOME'))?.at).toBe(at(0));
    expect(plannedFastTrack(claim({ ...missing, claimedAmountFen: 600_000n }), household())).toBeNull();
  });

  it('holds the decision to 3 days of running clock (stopped while documents are awaited) and the payment to 3 days after approval', () => {
    // 5 hours ran before the notice; the other 67 run from the documents' arrival at hour 100.
    const paused = plannedFastTrack(claim({ documentsAtReport: [...PLAN_DOCUMENTS.every], documentsRequested: [...PLAN_DOCUMENTS.medical], documentsRequestedAt: at(5), documentsCompletedAt: at(100) }), household('SPECIAL_FAMILY'));
    expect(paused?.decisionDueMs).toBe(Date.parse(at(167)));
    const asOf = Date.parse(at(1000));
    const missed = (c: Partial<PlannedClaim>) => {
      const x = claim(c);
      return fastTrackMissed(x, plannedFastTrack(x, household()) as NonNullable<ReturnType<typeof plannedFastTrack>>, asOf);
    };
    expect(missed({ approvedAt: at(72), paidAt: at(144) })).toBe(false); // both exactly at their due instants
    expect(missed({ approvedAt: at(73), paidAt: at(80) })).toBe(true);
    expect(missed({ approvedAt: at(24), paidAt: at(97) })).toBe(true);
    expect(missed({ outcome: 'rejected', approvedAt: null, paidAt: null, closedAt: at(72) })).toBe(false);
    expect(missed({ outcome: 'withdrawn', approvedAt: null, paidAt: null, withdrawnAt: at(72) })).toBe(false);
    expect(missed({ outcome: 'withdrawn', approvedAt: null, paidAt: null, withdrawnAt: at(73) })).toBe(true);
    // Still open at the reporting instant: missed once the due instant has passed, not before.
    expect(missed({ approvedAt: at(2000), paidAt: null })).toBe(true);
    const open = claim({ approvedAt: at(990), paidAt: at(1100), reportedAt: at(950), documentsCompletedAt: at(950) });
    expect(fastTrackMissed(open, plannedFastTrack(open, household()) as NonNullable<ReturnType<typeof plannedFastTrack>>, asOf)).toBe(false);
  });

  it('gives the acceptance plan green-channel claims on time and late, and times every paid claim', () => {
    const plan = planProgrammeYear({ seed: 20210801, programmeYear: 2021, cities: [scaleCity(REFERENCE_CITY, 1 / 500), scaleCity(SECOND_CITY, 1 / 500)] });
    const { total, byCity } = computeGroundTruth(plan);
    expect(Number(total.claims.fastTracked)).toBeGreaterThan(0);
    expect(Number(total.fastTrack.timeliness.numerator)).toBeGreaterThan(0);
    expect(Number(total.fastTrack.timeliness.denominator)).toBeGreaterThan(Number(total.fastTrack.timeliness.numerator));
    expect(total.fastTrack.share.denominator).toBe(total.claims.reported);
    expect(total.promptness.claims).toBe(total.claims.paid);
    expect(total.promptness.medianDays).toMatch(/^\d+\.\d\d$/);
    for (const city of Object.values(byCity)) expect(Number(city.fastTrack.timeliness.denominator)).toBeGreaterThan(Number(city.fastTrack.timeliness.numerator));
  });

  it('computes the promptness percentiles as percentile_disc in days', () => {
    const plan = planProgrammeYear({ seed: 7, programmeYear: 2021, cities: [scaleCity(REFERENCE_CITY, 1 / 100)] });
    const paid = plan.claims.filter((c) => c.outcome === 'paid' && c.paidAt !== null && c.paidAt <= plan.asOf);
    const hours = paid.map((c) => (Date.parse(c.paidAt as string) - Date.parse(c.documentsCompletedAt)) / H).sort((a, b) => a - b);
    // Whole hours in days, two decimals: the value at rank ceil(p n).
    const days = (h: number) => (Math.round((h / 24) * 100 + 1e-9) / 100).toFixed(2);
    const { total } = computeGroundTruth(plan);
    expect(total.promptness).toEqual({
      claims: String(paid.length),
      medianDays: days(hours[Math.ceil(0.5 * hours.length) - 1] as number),
      p90Days: days(hours[Math.ceil(0.9 * hours.length) - 1] as number),
    });
  });
});
