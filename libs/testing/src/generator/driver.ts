import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PlannedClaim, PlannedHousehold, ProgrammePlan } from './plan';

/**
 * Replays a planned programme year through the services' public HTTP APIs, hour bucket by hour bucket:
 * the services' clocks are frozen at the bucket's hour (CLOCK_MODE=controlled), the bucket's commands run
 * (households and claims concurrently, the steps of one household or claim in order), then the next
 * bucket. Recorded times therefore equal planned times exactly. It never touches a database.
 *
 * Resumable: every command carries an Idempotency-Key derived from the plan (seed, entity, step), so a
 * rerun of a bucket is answered from the services' stored answers; the state file remembers the last
 * completed bucket and the ids the services gave out, so a rerun starts after it.
 */
export type DriverRole = 'admin' | 'clerk' | 'handler' | 'supervisor' | 'association';
/** Mints a bearer token; libs/testing must not import @fpi/platform, so the caller provides it. */
export type TokenFor = (role: DriverRole, region: string | undefined, sub: string) => string;

export interface DriverUrls {
  enrollment: string;
  claims: string;
  reporting?: string;
}

export interface DriverProgress {
  bucket: string;
  bucketsDone: number;
  bucketsTotal: number;
  commands: number;
}

export interface DriverOptions {
  urls: DriverUrls;
  tokenFor: TokenFor;
  /** Commands in flight at once (different households or claims). */
  concurrency?: number;
  onProgress?: (p: DriverProgress) => void;
  statePath?: string;
  /**
   * Resolves once the claims service's policy view has applied every enrollment event published so far.
   * Called before a bucket that registers claims when enrollment commands ran since the last call: a claim
   * registered against a policy the view does not know yet would be rejected (POLICY_NOT_FOUND), wrongly.
   */
  awaitPolicyView?: () => Promise<void>;
}

export interface HouseholdIds {
  householdId: string;
  policyId: string;
  members: Record<string, string>;
}

export interface DriverState {
  version: 1;
  seed: number;
  setupDone: boolean;
  /** The last bucket (ISO hour) whose commands all succeeded. */
  completedBucket: string | null;
  referrers: Record<string, string>;
  households: Record<string, HouseholdIds>;
  claims: Record<string, string>;
}

export interface DriverResult {
  state: DriverState;
  commands: number;
  buckets: number;
  ms: number;
  /** Where the time went: moving clocks, waiting for the policy view, and the commands themselves (summed over concurrent calls). */
  timings: { clockMs: number; policyViewMs: number; commandMs: number };
}

/** One command of the plan at its planned instant; `entity` orders the steps of one household or claim. */
interface Step {
  at: string;
  entity: string;
  service: 'enrollment' | 'claims';
  /** Registers a claim: the policy view must have caught up first. */
  needsPolicyView?: boolean;
  run: (ctx: Ctx) => Promise<void>;
}

interface Ctx {
  state: DriverState;
  plan: ProgrammePlan;
  call: (service: 'enrollment' | 'claims', method: string, path: string, body: unknown, key: string, token: string) => Promise<Record<string, unknown>>;
  enrolmentToken: string;
  claimsToken: string;
  approverToken: string;
  key: (...parts: string[]) => string;
}

export class DriverError extends Error {}

const SETUP_SUB = 'gen-enrolment';
const ASSESSOR_SUB = 'gen-claims-assessor';
const APPROVER_SUB = 'gen-claims-approver';

export async function runPlan(plan: ProgrammePlan, options: DriverOptions): Promise<DriverResult> {
  const started = Date.now();
  const seed = plan.parameters.seed;
  const state = loadState(options.statePath, seed);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  // Admin tokens see every region: the generator enrols and settles across cities. Two distinct subjects
  // for assessment and approval keep four-eyes approvals (above FOUR_EYES_ABOVE_FEN) legitimate.
  const enrolmentToken = options.tokenFor('admin', undefined, SETUP_SUB);
  const claimsToken = options.tokenFor('admin', undefined, ASSESSOR_SUB);
  const approverToken = options.tokenFor('admin', undefined, APPROVER_SUB);
  const adminToken = options.tokenFor('admin', undefined, 'gen-clock');
  let commands = 0;
  const timings = { clockMs: 0, policyViewMs: 0, commandMs: 0 };

  const call: Ctx['call'] = async (service, method, path, body, key, token) => {
    const url = `${options.urls[service]}${path}`;
    const t0 = Date.now();
    try {
      return await send(url, method, body, key, token, service, path);
    } finally {
      timings.commandMs += Date.now() - t0;
    }
  };
  const send = async (url: string, method: string, body: unknown, key: string, token: string, service: string, path: string): Promise<Record<string, unknown>> => {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        });
      } catch (e) {
        // A refused connection or reset: the same Idempotency-Key makes the retry safe.
        if (attempt < 5) {
          await sleep(200 * attempt);
          continue;
        }
        throw e;
      }
      const text = await res.text();
      const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (res.status >= 200 && res.status < 300) {
        commands++;
        return parsed;
      }
      // 429 (rate limited: wait as told), 503 (a dependency briefly down) and a request still in progress
      // under the same key are worth a retry with the same key; anything else is a real failure.
      if (res.status === 429 && attempt < 20) {
        await sleep(Math.min(60, Number(res.headers.get('retry-after') ?? '1')) * 1000);
        continue;
      }
      if ((res.status === 503 || (res.status === 409 && parsed['code'] === 'REQUEST.IN_PROGRESS')) && attempt < 5) {
        await sleep(200 * attempt);
        continue;
      }
      throw new DriverError(`${method} ${service}${path} [${key}] answered ${res.status}: ${text.slice(0, 500)}`);
    }
  };

  const clocks = { enrollment: '', claims: '', reporting: '' } as Record<'enrollment' | 'claims' | 'reporting', string>;
  const moveClock = async (service: 'enrollment' | 'claims' | 'reporting', at: string) => {
    const base = options.urls[service];
    if (!base || clocks[service] === at) return;
    const res = await fetch(`${base}/admin/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ now: at, frozen: true }),
    });
    if (res.status !== 200) throw new DriverError(`PUT ${service}/admin/clock ${at} answered ${res.status}: ${await res.text()}`);
    clocks[service] = at;
  };

  const ctx: Ctx = { state, plan, call, enrolmentToken, claimsToken, approverToken, key: (...parts) => `gen-${seed}-${parts.join('-')}` };

  if (!state.setupDone) {
    await Promise.all((['enrollment', 'claims', 'reporting'] as const).map((s) => moveClock(s, plan.yearStart)));
    await setup(ctx, concurrency);
    state.setupDone = true;
    saveState(options.statePath, state);
  }

  const steps = planSteps(plan).filter((s) => s.at <= plan.asOf);
  const buckets = new Map<string, Step[]>();
  for (const s of steps) {
    const list = buckets.get(s.at);
    if (list) list.push(s);
    else buckets.set(s.at, [s]);
  }
  const hours = [...buckets.keys()].sort();
  let done = 0;
  let enrolledSinceViewCheck = true;
  for (const hour of hours) {
    done++;
    if (state.completedBucket !== null && hour <= state.completedBucket) continue;
    const bucket = buckets.get(hour) as Step[];
    const services = new Set(bucket.map((s) => s.service));
    const t0 = Date.now();
    await Promise.all([...services].map((s) => moveClock(s, hour)));
    const t1 = Date.now();
    timings.clockMs += t1 - t0;
    if (enrolledSinceViewCheck && bucket.some((s) => s.needsPolicyView) && options.awaitPolicyView) {
      await options.awaitPolicyView();
      enrolledSinceViewCheck = false;
      timings.policyViewMs += Date.now() - t1;
    }
    if (services.has('enrollment')) enrolledSinceViewCheck = true;
    // Steps of one entity in plan order, entities concurrently.
    const byEntity = new Map<string, Step[]>();
    for (const s of bucket) {
      const list = byEntity.get(s.entity);
      if (list) list.push(s);
      else byEntity.set(s.entity, [s]);
    }
    await pool([...byEntity.values()], concurrency, async (list) => {
      for (const s of list) await s.run(ctx);
    });
    state.completedBucket = hour;
    // Saving after every bucket costs little at test scale; at full scale every 50th is enough to resume.
    if (done % 50 === 0 || done === hours.length || hours.length < 2000) saveState(options.statePath, state);
    options.onProgress?.({ bucket: hour, bucketsDone: done, bucketsTotal: hours.length, commands });
  }
  // Leave every clock at the end of the year, so "now" on any service is the plan's reporting instant.
  await Promise.all((['enrollment', 'claims', 'reporting'] as const).map((s) => moveClock(s, plan.asOf)));
  saveState(options.statePath, state);
  return { state, commands, buckets: hours.length, ms: Date.now() - started, timings };
}

async function setup(ctx: Ctx, concurrency: number): Promise<void> {
  const { plan, call, enrolmentToken: t, key } = ctx;
  const year = plan.parameters.programmeYear;
  await call('enrollment', 'POST', '/programme-years', { year, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` }, key('programme-year', String(year)), t);
  const b = plan.benefits;
  await pool(plan.products, concurrency, async (p) => {
    await call(
      'enrollment',
      'POST',
      `/programme-years/${year}/products`,
      {
        code: p.code,
        name: `计生家庭意外伤害保险 ${p.code}`,
        premiumFen: p.premiumFen.toString(),
        payerShares: p.payerShares.map((s) => ({ payer: s.payer, amountFen: s.amountFen.toString() })),
        benefits: {
          deathDisabilitySumInsuredFen: b.deathDisabilitySumInsuredFen.toString(),
          medicalLimitFen: b.medicalLimitFen.toString(),
          medicalDeductibleFen: b.medicalDeductibleFen.toString(),
          medicalReimbursementBp: b.medicalReimbursementBp,
          hospitalAllowancePerDayFen: b.hospitalAllowancePerDayFen.toString(),
          hospitalAllowanceMaxDays: b.hospitalAllowanceMaxDays,
        },
        coverStart: { rule: 'AFTER_ENROLMENT', days: b.coverStartDaysAfterEnrolment },
        issuanceDeadlineDays: b.issuanceDeadlineDays,
        deliveryDeadlineDays: b.deliveryDeadlineDays,
      },
      key('product', p.code),
      t,
    );
  });
  await pool(plan.referrers, concurrency, async (r) => {
    if (ctx.state.referrers[r.key]) return;
    const res = await call('enrollment', 'POST', '/referrers', { name: r.name, villageCodes: [r.villageCode] }, key('referrer', r.key), t);
    ctx.state.referrers[r.key] = String(res['referrerId']);
  });
}

function planSteps(plan: ProgrammePlan): Step[] {
  const steps: Step[] = [];
  for (const h of plan.households) steps.push(...householdSteps(h));
  const households = new Map(plan.households.map((h) => [h.key, h]));
  for (const c of plan.claims) steps.push(...claimSteps(c, households.get(c.householdKey) as PlannedHousehold));
  return steps;
}

function householdSteps(h: PlannedHousehold): Step[] {
  const e = (at: string, run: Step['run']): Step => ({ at, entity: h.key, service: 'enrollment', run });
  const ids = (ctx: Ctx) => {
    const x = ctx.state.households[h.key];
    if (!x) throw new DriverError(`household ${h.key} has no ids: its application did not run`);
    return x;
  };
  const steps: Step[] = [
    e(h.appliedAt, async (ctx) => {
      const { call, enrolmentToken: t, key } = ctx;
      const household = await call(
        'enrollment',
        'POST',
        '/households',
        {
          familyPlanningStatus: h.status,
          region: { countyCode: h.countyCode, townshipCode: h.townshipCode, villageCode: h.villageCode },
          members: h.members.map((m) => ({ name: m.name, idNumber: m.idNumber, relationship: m.relationship })),
        },
        key(h.key, 'register'),
        t,
      );
      const answered = household['members'] as { memberId: string }[];
      if (answered.length !== h.members.length) throw new DriverError(`household ${h.key}: ${answered.length} members answered, ${h.members.length} planned`);
      const householdId = String(household['householdId']);
      const referrerId = h.referrerKey === null ? undefined : ctx.state.referrers[h.referrerKey];
      const policy = await call(
        'enrollment',
        'POST',
        '/policies',
        { householdId, programmeYear: ctx.plan.parameters.programmeYear, productCode: h.productCode, channel: h.channel, ...(referrerId ? { referrerId } : {}) },
        key(h.key, 'apply'),
        t,
      );
      // Members come back in the order they were sent.
      ctx.state.households[h.key] = {
        householdId,
        policyId: String(policy['policyId']),
        members: Object.fromEntries(h.members.map((m, i) => [m.key, (answered[i] as { memberId: string }).memberId])),
      };
    }),
  ];
  h.payments.forEach((p, i) => {
    steps.push(
      e(p.at, async (ctx) => {
        const reference = `GEN-${h.key}-P${i + 1}`;
        await ctx.call('enrollment', 'POST', `/policies/${ids(ctx).policyId}/payments`, { payer: p.payer, amountFen: p.amountFen.toString(), reference }, ctx.key(h.key, 'pay', String(i + 1)), ctx.enrolmentToken);
      }),
    );
  });
  if (h.issuedAt !== null) {
    steps.push(
      e(h.issuedAt, async (ctx) => {
        await ctx.call('enrollment', 'POST', `/policies/${ids(ctx).policyId}/issuance`, { policyNumber: `P${h.key}` }, ctx.key(h.key, 'issue'), ctx.enrolmentToken);
      }),
    );
  }
  if (h.deliveredAt !== null) {
    steps.push(
      e(h.deliveredAt, async (ctx) => {
        const receiver = h.members[0]?.name ?? '户主';
        await ctx.call('enrollment', 'POST', `/policies/${ids(ctx).policyId}/delivery`, { method: 'IN_PERSON', receiverName: receiver, proofReference: `photo/${h.key}.jpg` }, ctx.key(h.key, 'deliver'), ctx.enrolmentToken);
      }),
    );
  }
  return steps;
}

function claimSteps(c: PlannedClaim, h: PlannedHousehold): Step[] {
  const s = (at: string, run: Step['run'], needsPolicyView = false): Step => ({ at, entity: c.key, service: 'claims', run, needsPolicyView });
  const claimId = (ctx: Ctx) => {
    const id = ctx.state.claims[c.key];
    if (!id) throw new DriverError(`claim ${c.key} has no id: its report did not run`);
    return id;
  };
  const step = (ctx: Ctx, path: string, body: unknown, name: string, token = ctx.claimsToken) =>
    ctx.call('claims', 'POST', `/claims/${claimId(ctx)}${path}`, body, ctx.key(c.key, name), token);
  const steps: Step[] = [
    s(
      c.reportedAt,
      async (ctx) => {
        const ids = ctx.state.households[h.key];
        if (!ids) throw new DriverError(`claim ${c.key}: household ${h.key} was never enrolled`);
        const member = h.members.find((m) => m.key === c.memberKey);
        if (!member) throw new DriverError(`claim ${c.key}: no member ${c.memberKey}`);
        const reported = await ctx.call(
          'claims',
          'POST',
          '/claims',
          {
            householdId: ids.householdId,
            claimant: { memberId: ids.members[member.key], idNumber: member.idNumber },
            accident: { occurredAt: c.accidentAt, place: '村道', regionCode: h.countyCode, causeCode: 'fall', description: 'synthetic accident of the generated programme year' },
            benefits: [c.benefit],
            claimedAmountFen: c.claimedAmountFen === null ? null : c.claimedAmountFen.toString(),
            channel: 'phone',
            reporter: { relation: 'self', name: member.name, phone: null },
            documentsProvided: c.documentsAtReport,
          },
          ctx.key(c.key, 'report'),
          ctx.claimsToken,
        );
        ctx.state.claims[c.key] = String(reported['claimId']);
        const registered = await step(ctx, '/registration', {}, 'register');
        // A registration that finds no policy (or a pending one) rejects the claim: that would be the
        // driver's fault (the policy view was behind), never the plan's, so stop loudly.
        if (registered['status'] === 'rejected') throw new DriverError(`claim ${c.key} was rejected at registration: ${JSON.stringify(registered['rejection'] ?? registered).slice(0, 300)}`);
      },
      true,
    ),
  ];
  if (c.documentsRequestedAt !== null) {
    steps.push(s(c.documentsRequestedAt, (ctx) => step(ctx, '/document-requests', { noticeId: `N-${c.key}` }, 'request-documents').then(() => undefined)));
    steps.push(s(c.documentsCompletedAt, (ctx) => step(ctx, '/documents', { documents: c.documentsRequested }, 'documents').then(() => undefined)));
  }
  if (c.outcome === 'paid' && c.assessment !== null) {
    const a = c.assessment;
    const input =
      a.benefit === 'medical'
        ? { benefit: 'medical', eligibleCostFen: a.eligibleCostFen.toString(), otherPayersFen: a.otherPayersFen.toString() }
        : a.benefit === 'disability'
          ? { benefit: 'disability', grade: a.grade }
          : a.benefit === 'allowance'
            ? { benefit: 'allowance', days: a.days }
            : { benefit: 'death' };
    const paymentId = `PAY-${c.key}`;
    steps.push(
      s(c.assessedAt as string, async (ctx) => {
        const assessed = await step(ctx, '/assessment', { inputs: [input] }, 'assess');
        const fen = (assessed['amounts'] as { assessedFen?: string } | undefined)?.assessedFen;
        if (fen !== c.payoutFen.toString()) throw new DriverError(`claim ${c.key} assessed at ${fen} fen, planned ${c.payoutFen}`);
      }),
      s(c.approvedAt as string, (ctx) => step(ctx, '/approval', {}, 'approve', ctx.approverToken).then(() => undefined)),
      s(c.paymentScheduledAt as string, (ctx) => step(ctx, '/payments', { paymentId }, 'schedule').then(() => undefined)),
      s(c.paidAt as string, (ctx) => step(ctx, `/payments/${paymentId}/confirmation`, { paymentReference: `BANK-${c.key}` }, 'confirm').then(() => undefined)),
    );
    if (c.followUpAt !== null && c.followUp !== null) {
      const outcome = c.followUp;
      steps.push(
        s(c.followUpAt, async (ctx) => {
          // An unanswered call completes the follow-up only after the last allowed attempt: call until done.
          for (let attempt = 1; attempt <= 10; attempt++) {
            const answered = await step(ctx, '/follow-ups', { attemptId: `F${attempt}`, outcome }, `follow-up-${attempt}`);
            if (answered['status'] === 'followed_up') return;
          }
          throw new DriverError(`claim ${c.key}: follow-up never completed`);
        }),
      );
    }
    if (c.closedAt !== null) steps.push(s(c.closedAt, (ctx) => step(ctx, '/closure', {}, 'close').then(() => undefined)));
  } else if (c.outcome === 'rejected' && c.closedAt !== null) {
    steps.push(
      s(c.closedAt, async (ctx) => {
        await step(ctx, '/rejection', { reasonCode: 'NOT_AN_ACCIDENT', note: 'illness, not an accident' }, 'reject');
        await step(ctx, '/rejection-notice', { noticeId: `R-${c.key}` }, 'rejection-notice');
        await step(ctx, '/closure', {}, 'close');
      }),
    );
  } else if (c.outcome === 'withdrawn' && c.withdrawnAt !== null) {
    steps.push(s(c.withdrawnAt, (ctx) => step(ctx, '/withdrawal', { reasonCode: 'CLAIMANT_REQUEST', note: 'the family withdrew the claim' }, 'withdraw').then(() => undefined)));
  }
  return steps;
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== null) throw failure;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function loadState(path: string | undefined, seed: number): DriverState {
  const fresh: DriverState = { version: 1, seed, setupDone: false, completedBucket: null, referrers: {}, households: {}, claims: {} };
  if (!path || !existsSync(path)) return fresh;
  const state = JSON.parse(readFileSync(path, 'utf8')) as DriverState;
  if (state.version !== 1 || state.seed !== seed) throw new DriverError(`state file ${path} belongs to another run (seed ${state.seed}); remove it or use another path`);
  return state;
}

function saveState(path: string | undefined, state: DriverState): void {
  if (!path) return;
  // Write then rename: an interrupted run never leaves half a state file behind.
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}
