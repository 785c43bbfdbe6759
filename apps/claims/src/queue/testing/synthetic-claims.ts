import type { ClaimEvent } from '@fpi/claims-domain';
import type { ClaimDocument } from '@fpi/contracts';
import { ClaimStory, coverageFor, day, HANDLER_A, HANDLER_B, MEDICAL, SUPERVISOR } from './claim-histories';

/**
 * Synthetic claim histories in bulk, for the benchmark. A few thousand template histories are produced by
 * the real decider (every step a history the write side can produce, breaches included when a template
 * runs late); each synthetic claim is a template copied under its own id and village. Seeded, so two runs
 * load the same data.
 */

/** Deterministic PRNG (mulberry32): the same seed gives the same claims. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Scenario = (s: ClaimStory, base: number, gap: () => number) => ClaimStory;

const invoiceIn: ClaimDocument[] = ['claim_form', 'id_document', 'medical_invoice'];

// Weights roughly like a programme year: most claims end paid and closed; the open ones spread over every step.
const SCENARIOS: [weight: number, name: string, build: Scenario][] = [
  [5, 'reported', (s) => s],
  [6, 'registered', (s, b) => s.register(day(b + 1))],
  [7, 'awaiting', (s, b, g) => s.register(day(b + 1)).requestDocuments(day(b + 1, g()))],
  [8, 'complete', (s, b, g) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2, g()))],
  [4, 'assessed', (s, b, g) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2, g())).assess([MEDICAL], day(b + 3, g()), HANDLER_A)],
  [3, 'approved', (s, b, g) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2)).assess([MEDICAL], day(b + 3), HANDLER_A).approve(day(b + 4, g()), SUPERVISOR)],
  [2, 'scheduled', (s, b) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2)).assess([MEDICAL], day(b + 3)).approve(day(b + 4)).schedule('pay-1', day(b + 5), HANDLER_B)],
  [5, 'paid', (s, b, g) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2)).assess([MEDICAL], day(b + 3)).approve(day(b + 4)).schedule('pay-1', day(b + 5)).pay('pay-1', day(b + 6, g()))],
  [3, 'rejected', (s, b, g) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2)).reject(day(b + 3, g()))],
  [44, 'closed-paid', (s, b, g) =>
    s.register(day(b + 1)).requestDocuments(day(b + 1, 1)).receiveAll(['medical'], day(b + 3, g())).assess([MEDICAL], day(b + 5)).approve(day(b + 6))
      .schedule('pay-1', day(b + 6, 2)).pay('pay-1', day(b + 7)).followUp('satisfied', 'call-1', day(b + 9)).close(day(b + 10))],
  [9, 'closed-rejected', (s, b) => s.register(day(b + 1)).receiveAll(['medical'], day(b + 2)).reject(day(b + 4)).sendNotice(day(b + 5)).close(day(b + 6))],
  [4, 'withdrawn', (s, b) => s.register(day(b + 1)).withdraw(day(b + 3))],
];
const TOTAL_WEIGHT = SCENARIOS.reduce((s, [w]) => s + w, 0);

export interface Template {
  scenario: string;
  events: ClaimEvent[];
}

/**
 * `count` templates whose reports fall in the `spanDays` days before day `spanDays` (so against a clock at
 * day `spanDays + 5` some are overdue, some due soon, most on time or done). About a third are green-channel
 * candidates (invoice in, small amount).
 */
export function makeTemplates(count: number, spanDays: number, random: () => number): Template[] {
  const templates: Template[] = [];
  for (let i = 0; templates.length < count; i++) {
    let pick = random() * TOTAL_WEIGHT;
    const [, scenario, build] = SCENARIOS.find(([w]) => (pick -= w) < 0) ?? (SCENARIOS[0] as (typeof SCENARIOS)[number]);
    const base = Math.floor(random() * spanDays);
    const fast = random() < 0.33;
    const story = new ClaimStory(`tpl-${i}`).report({
      at: day(base, 10),
      claimedAmountFen: fast ? 300_000n : 800_000n,
      documentsProvided: fast ? invoiceIn : ['claim_form', 'id_document'],
    });
    templates.push({ scenario, events: build(story, base, () => Math.floor(random() * 20)).events });
  }
  return templates;
}

/** A template's events under another claim id and village (the region every read model keys on). */
export function copyTemplate(template: Template, claimId: string, village: string): ClaimEvent[] {
  const county = village.slice(0, 6);
  const cov = coverageFor(village);
  return template.events.map((e) => {
    switch (e.type) {
      case 'ClaimReported':
        return { ...e, data: { ...e.data, claimId, householdId: `hh-${claimId}`, accident: { ...e.data.accident, regionCode: county } } };
      case 'ClaimRegistered':
        return { ...e, data: { ...e.data, claimId, coverage: { ...e.data.coverage, policyId: cov.policyId, regionCode: county, villageCode: village } } };
      case 'ClaimAssessed':
        return { ...e, data: { ...e.data, claimId, coverage: { ...e.data.coverage, policyId: cov.policyId, regionCode: county, villageCode: village } } };
      default:
        return { ...e, data: { ...e.data, claimId } } as ClaimEvent;
    }
  });
}
