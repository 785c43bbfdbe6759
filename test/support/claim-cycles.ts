import { netPaidFen } from '@fpi/claims-domain';
import { ALLOWANCE_DOCUMENTS, COUNTY, type Household } from './claims-traffic';
import { distinctById, readFromStart, storedClaims, type ReadMessage } from './topic-history';
import { postUntilAnswered, newTally, type RetryTally } from './retrying-client';
import { devToken } from './tokens';

/** What a run of claim cycles did: the claims paid, and what its retries met. */
export interface CycleRun extends RetryTally {
  paid: string[];
}

/**
 * Claim cycles (report to paid) by one client per household while `keepGoing()` (and at least `minCycles`
 * each), as a real client must send them through faults: a command without an answer, or answered 503, is
 * sent again with the same Idempotency-Key and If-Match until the service answers (up to a minute).
 * `observe` is handed the run while it is going on.
 */
export async function runClaimCycles(baseUrl: string, households: readonly Household[], keepGoing: () => boolean, minCycles = 2, observe?: (run: CycleRun) => void): Promise<CycleRun> {
  const handler = devToken('handler', { sub: 'fault-handler', region: COUNTY });
  const supervisor = devToken('supervisor', { sub: 'fault-supervisor', region: COUNTY });
  const run: CycleRun = { paid: [], ...newTally() };
  observe?.(run); // the run as it goes, for a scenario that counts what happened during a fault
  const send = (token: string, path: string, body: unknown, etag?: string) =>
    postUntilAnswered(`${baseUrl}${path}`, { Authorization: `Bearer ${token}`, ...(etag ? { 'If-Match': etag } : {}) }, body, run);
  await Promise.all(
    households.map(async (h, c) => {
      for (let i = 0; keepGoing() || i < minCycles; i++) {
        const member = h.members[i % h.members.length];
        if (!member) throw new Error('a household without members');
        const reported = await send(handler, '/claims', {
          householdId: h.householdId,
          claimant: { memberId: member.memberId, idNumber: member.idNumber },
          accident: { occurredAt: '2025-03-01T02:00:00Z', place: 'road', regionCode: COUNTY, causeCode: 'fall', description: 'fell' },
          benefits: ['allowance'],
          claimedAmountFen: null,
          channel: 'counter',
          reporter: { relation: 'self', name: '测试', phone: null },
          documentsProvided: ALLOWANCE_DOCUMENTS,
        });
        const id = reported.json['claimId'] as string;
        let r = await send(handler, `/claims/${id}/registration`, {}, reported.etag);
        r = await send(handler, `/claims/${id}/assessment`, { inputs: [{ benefit: 'allowance', days: 2 + (i % 3) }] }, r.etag);
        r = await send(supervisor, `/claims/${id}/approval`, {}, r.etag);
        r = await send(handler, `/claims/${id}/payments`, { paymentId: 'PAY-1' }, r.etag);
        await send(handler, `/claims/${id}/payments/PAY-1/confirmation`, { paymentReference: `BANK-${c}-${i}` }, r.etag);
        run.paid.push(id);
      }
    }),
  );
  return run;
}

/**
 * After the faults: one stream per cycle with no command's event twice, the paid claims exactly those the
 * clients saw paid, and one ClaimSettled per paid claim on the topic once duplicates (same ce_id) are
 * dropped, with the amount the event store holds.
 */
export async function expectExactlyOnce(opts: { databaseUrl: string; brokers: string[]; settlementsTopic: string; paid: readonly string[] }): Promise<void> {
  const stored = await storedClaims(opts.databaseUrl);
  const storedPaid = new Map<string, bigint>();
  for (const { stream, types, claim } of stored) {
    expect({ stream, repeated: [...new Set(types.filter((t, i) => types.indexOf(t) !== i))] }).toEqual({ stream, repeated: [] });
    if (claim.status !== 'empty' && netPaidFen(claim) > 0n) storedPaid.set(claim.claimId, netPaidFen(claim));
  }
  expect(stored.length).toBe(opts.paid.length); // no report recorded twice under a retried key
  expect([...storedPaid.keys()].sort()).toEqual([...opts.paid].sort());

  const isSettlement = (m: ReadMessage) => m.value['type'] === 'ClaimSettled';
  // A moment more once every paid claim has one, so that an extra settlement would be seen too.
  const messages = await readFromStart(opts.brokers, [opts.settlementsTopic], (ms) => distinctById(ms).filter(isSettlement).length >= opts.paid.length, 'a settlement for every paid claim', 1_000);
  const perClaim = new Map<string, bigint>();
  for (const m of distinctById(messages).filter(isSettlement)) {
    const claimId = m.value['claimId'] as string;
    expect(perClaim.has(claimId)).toBe(false);
    perClaim.set(claimId, BigInt((m.value['amounts'] as { paidFen: string }).paidFen));
  }
  expect(Object.fromEntries([...perClaim].sort())).toEqual(Object.fromEntries([...storedPaid].sort()));
}
