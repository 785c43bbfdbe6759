import { randomUUID } from 'node:crypto';

/** What a client's retries through a fault met: how many sends it repeated, and each non-2xx status it was answered. */
export interface RetryTally {
  retried: number;
  refusals: Map<number, number>;
}

export const newTally = (): RetryTally => ({ retried: 0, refusals: new Map() });

/**
 * Sends one command as a real client must through faults: under one Idempotency-Key, and again while it gets
 * no answer (the service is down, or the connection broke) or a 503 (a dependency is not back yet), for up
 * to a minute. Any other refusal is thrown. Answers the 2xx with its JSON body and ETag.
 */
export async function postUntilAnswered(url: string, headers: Record<string, string>, body: unknown, tally: RetryTally): Promise<{ status: number; json: Record<string, unknown>; etag: string }> {
  const key = `fault-${randomUUID()}`;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const deadline = Date.now() + 60_000;
  for (;;) {
    let answered: { status: number; json: Record<string, unknown>; etag: string } | undefined;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers, 'Idempotency-Key': key }, body: text });
      answered = { status: res.status, json: (await res.json()) as Record<string, unknown>, etag: res.headers.get('etag') ?? '' };
    } catch {
      answered = undefined;
    }
    if (answered && answered.status < 300) return answered;
    if (answered) {
      tally.refusals.set(answered.status, (tally.refusals.get(answered.status) ?? 0) + 1);
      if (answered.status !== 503) throw new Error(`POST ${new URL(url).pathname}: ${answered.status} ${JSON.stringify(answered.json)}`);
    }
    if (Date.now() > deadline) throw new Error(`POST ${new URL(url).pathname}: no answer within 60 s`);
    tally.retried += 1;
    await new Promise((r) => setTimeout(r, 200));
  }
}
