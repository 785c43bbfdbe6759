import { PAYERS, type ClaimFact, type Payer, type PaymentMovement, type PolicyFact } from '@fpi/reporting-domain';

/**
 * The column mapping of the fact tables: the domain row <-> a PostgreSQL row. Writes go through
 * `INSERT ... SELECT FROM unnest($1::type[], ...)`, one array per column, so a batch of any size is one
 * statement with a fixed number of parameters (no 65,535-parameter limit, one plan).
 */
interface Column<R> {
  name: string;
  type: string;
  get(row: R): unknown;
  set(row: Record<string, unknown>, value: unknown): void;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const big = (v: unknown): bigint => BigInt(v as string);
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));

const col = <R>(name: string, type: string, get: (r: R) => unknown, set: (v: unknown) => unknown, key: string): Column<R> => ({
  name,
  type,
  get,
  set: (row, v) => {
    row[key] = set(v);
  },
});

const same = (v: unknown) => v;
const num = (v: unknown) => Number(v);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const policyCol = <K extends keyof PolicyFact>(name: string, type: string, key: K, toDb: (v: PolicyFact[K]) => unknown, fromDb: (v: unknown) => unknown): Column<PolicyFact> =>
  col<PolicyFact>(name, type, (r) => toDb(r[key]), fromDb, key);

const shareColumn = (payer: Payer): Column<PolicyFact> => ({
  name: `share_${payer.toLowerCase()}_fen`,
  type: 'bigint',
  get: (r) => r.payerShareFen[payer].toString(),
  set: (row, v) => {
    const shares = (row['payerShareFen'] ??= {}) as Record<string, bigint>;
    shares[payer] = big(v);
  },
});

export const POLICY_COLUMNS: Column<PolicyFact>[] = [
  policyCol('policy_id', 'text', 'policyId', same, str),
  policyCol('revision', 'integer', 'revision', same, num),
  policyCol('last_event_id', 'text', 'lastEventId', same, str),
  policyCol('household_id', 'text', 'householdId', same, str),
  policyCol('policy_number', 'text', 'policyNumber', same, str),
  policyCol('programme_year', 'smallint', 'programmeYear', same, num),
  policyCol('product_code', 'text', 'productCode', same, str),
  policyCol('status', 'text', 'status', same, str),
  policyCol('channel', 'text', 'channel', same, str),
  policyCol('referrer_id', 'text', 'referrerId', same, str),
  policyCol('region_code', 'text', 'regionCode', same, str),
  policyCol('household_status', 'text', 'householdStatus', same, str),
  policyCol('vulnerable', 'boolean', 'vulnerable', same, (v) => v === true),
  policyCol('insured_persons', 'integer', 'insuredPersons', same, num),
  policyCol('premium_fen', 'bigint', 'premiumFen', (v) => v.toString(), big),
  policyCol('paid_fen', 'bigint', 'paidFen', (v) => v.toString(), big),
  ...PAYERS.map(shareColumn),
  policyCol('applied_at', 'timestamptz', 'appliedAt', same, iso),
  policyCol('premium_fully_paid_at', 'timestamptz', 'premiumFullyPaidAt', same, iso),
  policyCol('issuance_due_at', 'timestamptz', 'issuanceDueAt', same, iso),
  policyCol('issued_at', 'timestamptz', 'issuedAt', same, iso),
  policyCol('delivery_due_at', 'timestamptz', 'deliveryDueAt', same, iso),
  policyCol('delivered_at', 'timestamptz', 'deliveredAt', same, iso),
  policyCol('cancelled_at', 'timestamptz', 'cancelledAt', same, iso),
  policyCol('expired_at', 'timestamptz', 'expiredAt', same, iso),
  policyCol('renewed_from_policy_id', 'text', 'renewedFromPolicyId', same, str),
  policyCol('last_event_at', 'timestamptz', 'lastEventAt', same, iso),
];

const claimCol = <K extends keyof ClaimFact>(name: string, type: string, key: K, toDb: (v: ClaimFact[K]) => unknown, fromDb: (v: unknown) => unknown): Column<ClaimFact> =>
  col<ClaimFact>(name, type, (r) => toDb(r[key]), fromDb, key);

const paymentsToDb = (ms: PaymentMovement[]) => JSON.stringify(ms.map((m) => ({ paymentId: m.paymentId, kind: m.kind, amountFen: m.amountFen.toString(), at: m.at })));
const paymentsFromDb = (v: unknown): PaymentMovement[] =>
  (v as { paymentId: string; kind: PaymentMovement['kind']; amountFen: string; at: string }[]).map((m) => ({ paymentId: m.paymentId, kind: m.kind, amountFen: BigInt(m.amountFen), at: m.at }));

export const CLAIM_COLUMNS: Column<ClaimFact>[] = [
  claimCol('claim_id', 'text', 'claimId', same, str),
  claimCol('revision', 'integer', 'revision', same, num),
  claimCol('last_event_id', 'text', 'lastEventId', same, str),
  claimCol('household_id', 'text', 'householdId', same, str),
  claimCol('claimant_member_id', 'text', 'claimantMemberId', same, str),
  claimCol('policy_id', 'text', 'policyId', same, str),
  claimCol('region_code', 'text', 'regionCode', same, str),
  claimCol('claim_channel', 'text', 'claimChannel', same, str),
  claimCol('enrolment_channel', 'text', 'enrolmentChannel', same, str),
  claimCol('status', 'text', 'status', same, str),
  claimCol('reported_at', 'timestamptz', 'reportedAt', same, iso),
  claimCol('registered_at', 'timestamptz', 'registeredAt', same, iso),
  claimCol('documents_completed_at', 'timestamptz', 'documentsCompletedAt', same, iso),
  claimCol('assessed_fen', 'bigint', 'assessedFen', (v) => v?.toString() ?? null, bigOrNull),
  claimCol('approved_fen', 'bigint', 'approvedFen', (v) => v?.toString() ?? null, bigOrNull),
  claimCol('approved_at', 'timestamptz', 'approvedAt', same, iso),
  claimCol('rejected_at', 'timestamptz', 'rejectedAt', same, iso),
  claimCol('rejection_reason', 'text', 'rejectionReason', same, str),
  claimCol('paid_fen', 'bigint', 'paidFen', (v) => v.toString(), big),
  claimCol('payments', 'jsonb', 'payments', paymentsToDb, paymentsFromDb),
  claimCol('fully_paid_at', 'timestamptz', 'fullyPaidAt', same, iso),
  claimCol('closed_at', 'timestamptz', 'closedAt', same, iso),
  claimCol('closure_outcome', 'text', 'closureOutcome', same, str),
  claimCol('withdrawn_at', 'timestamptz', 'withdrawnAt', same, iso),
  claimCol('reopen_count', 'integer', 'reopenCount', same, num),
  claimCol('fast_track', 'boolean', 'fastTrack', same, (v) => v === true),
  claimCol('fast_tracked_at', 'timestamptz', 'fastTrackedAt', same, iso),
  claimCol('fast_track_breached', 'boolean', 'fastTrackBreached', same, (v) => v === true),
  claimCol('deadline_breaches', 'integer', 'deadlineBreaches', same, num),
  claimCol('follow_up_outcome', 'text', 'followUpOutcome', same, str),
  claimCol('follow_up_at', 'timestamptz', 'followUpAt', same, iso),
  claimCol('follow_up_attempts', 'integer', 'followUpAttempts', same, num),
  claimCol('last_event_at', 'timestamptz', 'lastEventAt', same, iso),
];

export interface FactTable<R> {
  table: 'policy_facts' | 'claim_facts';
  key: string;
  columns: Column<R>[];
  keyOf(row: R): string;
}

export const POLICY_TABLE: FactTable<PolicyFact> = { table: 'policy_facts', key: 'policy_id', columns: POLICY_COLUMNS, keyOf: (r) => r.policyId };
export const CLAIM_TABLE: FactTable<ClaimFact> = { table: 'claim_facts', key: 'claim_id', columns: CLAIM_COLUMNS, keyOf: (r) => r.claimId };

/** A database row back into the domain row. */
export function fromDb<R>(t: FactTable<R>, dbRow: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (const c of t.columns) c.set(out, dbRow[c.name]);
  return out as R;
}

/** One `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE` for many rows. */
export function upsertStatement<R>(t: FactTable<R>, schema: string, rows: readonly R[]): { text: string; values: unknown[] } {
  const values = t.columns.map((c) => rows.map((r) => c.get(r)));
  const names = t.columns.map((c) => c.name);
  const unnest = t.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const updates = names.filter((n) => n !== t.key).map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  return {
    text: `INSERT INTO ${schema}.${t.table} (${names.join(', ')}) SELECT * FROM unnest(${unnest}) ON CONFLICT (${t.key}) DO UPDATE SET ${updates}`,
    values,
  };
}
