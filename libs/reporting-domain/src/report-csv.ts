import type { CsvCell } from './csv';
import { PAYERS } from './policy-facts';
import type { Dimension } from './query';
import type { PresentedFigures } from './report';

/** Export columns of a report, in order: the flat form of `PresentedFigures` (amounts stay in fen). */
const FIGURE_COLUMNS: readonly [string, (f: PresentedFigures) => CsvCell][] = [
  ['households', (f) => f.households],
  ['persons', (f) => f.persons],
  ['premium_fen', (f) => f.premium.totalFen],
  ['premium_collected_fen', (f) => f.premium.collectedFen],
  ...PAYERS.map((p) => [`premium_${p.toLowerCase()}_fen`, (f: PresentedFigures) => f.premium.byPayerFen[p]] as [string, (f: PresentedFigures) => CsvCell]),
  ['mobile_households', (f) => f.mobileStorefront.households],
  ['mobile_persons', (f) => f.mobileStorefront.persons],
  ['mobile_premium_fen', (f) => f.mobileStorefront.premiumFen],
  ['mobile_household_share_pct', (f) => f.mobileStorefront.householdShare.percent],
  ['mobile_premium_share_pct', (f) => f.mobileStorefront.premiumShare.percent],
  ['issuance_on_time', (f) => f.timelyIssuance.numerator],
  ['issuance_due', (f) => f.timelyIssuance.denominator],
  ['issuance_open_overdue', (f) => f.timelyIssuance.openOverdue],
  ['issuance_not_due', (f) => f.timelyIssuance.notDue],
  ['timely_issuance_pct', (f) => f.timelyIssuance.percent],
  ['delivery_on_time', (f) => f.timelyDelivery.numerator],
  ['delivery_due', (f) => f.timelyDelivery.denominator],
  ['delivery_open_overdue', (f) => f.timelyDelivery.openOverdue],
  ['delivery_not_due', (f) => f.timelyDelivery.notDue],
  ['timely_delivery_pct', (f) => f.timelyDelivery.percent],
  ['claims_closed', (f) => f.claimSatisfaction.claimsClosed],
  ['follow_ups_satisfied', (f) => f.claimSatisfaction.breakdown.satisfied],
  ['follow_ups_basically_satisfied', (f) => f.claimSatisfaction.breakdown.basicallySatisfied],
  ['follow_ups_dissatisfied', (f) => f.claimSatisfaction.breakdown.dissatisfied],
  ['follow_ups_unreachable', (f) => f.claimSatisfaction.breakdown.unreachable],
  ['claim_satisfaction_pct', (f) => f.claimSatisfaction.percent],
  ['claims_reported', (f) => f.claims.reported],
  ['claims_paid', (f) => f.claims.paid],
  ['claims_rejected', (f) => f.claims.rejected],
  ['claims_withdrawn', (f) => f.claims.withdrawn],
  ['claims_fast_tracked', (f) => f.claims.fastTracked],
  ['amount_paid_fen', (f) => f.amountPaidFen],
  ['persons_paid', (f) => f.personsPaid],
  ['loss_ratio_pct', (f) => f.lossRatio.percent],
  ['loss_ratio_bp', (f) => f.lossRatio.basisPoints],
  ['average_payout_per_person_fen', (f) => f.averagePayoutPerPerson.roundedFen],
  ['promptness_claims', (f) => f.promptness.claims],
  ['promptness_median_days', (f) => f.promptness.medianDays],
  ['promptness_p90_days', (f) => f.promptness.p90Days],
  ['fast_track_share_pct', (f) => f.fastTrack.share.percent],
  ['fast_track_timeliness_pct', (f) => f.fastTrack.timeliness.percent],
];

const snake = (d: string) => d.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function reportCsvHeader(groupBy: readonly Dimension[]): string[] {
  return [...groupBy.map(snake), ...FIGURE_COLUMNS.map(([name]) => name)];
}

export function reportCsvRow(group: Partial<Record<Dimension, string | null>>, groupBy: readonly Dimension[], f: PresentedFigures): CsvCell[] {
  return [...groupBy.map((d) => group[d] ?? null), ...FIGURE_COLUMNS.map(([, get]) => get(f))];
}
