import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { fromJson, toJson } from '../codec';
import { IdempotencyConflictError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import type { EventData, ExpectedState, RecordedEvent } from '../event-store';
import type { JsonObject } from '../json';
import { expectedStateHolds } from '../validation';
import { readAllOf, uniq } from '../../testing/test-helpers';
import { PostgresEventStore } from './postgres-event-store';

// Model-based test: random appends, reads and deletes against real PostgreSQL, checked step by step
// against a plain in-memory model of EventStoreDB's rules, then $all against the model's write order.

type ExpectedSpec = { kind: 'any' | 'no_stream' | 'stream_exists' } | { kind: 'exact'; delta: -1 | 0 | 1 };
type Op =
  | { op: 'append'; stream: number; mode: 'fresh' | 'replay' | 'overlap'; payloads: Payload[]; expected: ExpectedSpec }
  | { op: 'read'; stream: number; backwards: boolean; from: number | null; maxCount: number | null }
  | { op: 'delete'; stream: number }
  | { op: 'tombstone'; stream: number };
interface Payload {
  n: number;
  x: number;
  s: string;
  fen: bigint;
}

interface ModelStream {
  revision: bigint;
  deleted: boolean;
  tombstoned: boolean;
  truncateBefore: bigint;
  events: { id: string; revision: bigint; data: JsonObject }[];
  lastBatch?: { events: EventData[]; expected: ExpectedState };
}

type Outcome = { ok: unknown } | { error: string; actual?: unknown };

const payload: fc.Arbitrary<Payload> = fc.record({
  n: fc.integer(),
  x: fc.double({ noNaN: true, noDefaultInfinity: true }),
  // PostgreSQL's jsonb cannot hold U+0000 (the adapter refuses it); everything else must round-trip.
  s: fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.split(String.fromCharCode(0)).join('')),
  fen: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
});
const stream = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      stream,
      mode: fc.constantFrom('fresh' as const, 'fresh' as const, 'fresh' as const, 'replay' as const, 'overlap' as const),
      payloads: fc.array(payload, { minLength: 0, maxLength: 3 }),
      expected: fc.oneof(
        fc.constantFrom<ExpectedSpec>({ kind: 'any' }, { kind: 'no_stream' }, { kind: 'stream_exists' }),
        fc.constantFrom<ExpectedSpec>({ kind: 'exact', delta: -1 }, { kind: 'exact', delta: 0 }, { kind: 'exact', delta: 0 }, { kind: 'exact', delta: 1 }),
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      stream,
      backwards: fc.boolean(),
      from: fc.option(fc.integer({ min: 0, max: 8 })),
      maxCount: fc.option(fc.integer({ min: 0, max: 4 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), stream }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tombstone' as const), stream }) },
);

const outcome = async (run: () => Promise<unknown>): Promise<Outcome> => {
  try {
    return { ok: await run() };
  } catch (e) {
    if (e instanceof WrongExpectedVersionError) return { error: e.name, actual: e.actualRevision };
    if (e instanceof StreamDeletedError || e instanceof StreamNotFoundError || e instanceof IdempotencyConflictError) return { error: e.name };
    throw e;
  }
};

const fail = (name: string, actual?: unknown): Outcome => (actual === undefined ? { error: name } : { error: name, actual });

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('es_model');
  store = await PostgresEventStore.connect({ connectionString: db.url });
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

it('behaves like the model for random appends, reads and deletes, and $all follows the write order', async () => {
  const seed = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : Date.now() % 2 ** 31;
  console.log(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`);

  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
      const category = `m${uniq()}`;
      const name = (i: number): string => `${category}-${i}`;
      const model = new Map<number, ModelStream>();
      const written: string[] = [];
      const get = (i: number): ModelStream => {
        let s = model.get(i);
        if (!s) model.set(i, (s = { revision: -1n, deleted: false, tombstoned: false, truncateBefore: 0n, events: [] }));
        return s;
      };

      for (const op of ops) {
        const s = get(op.stream);
        if (op.op === 'append') {
          let events: EventData[] = op.payloads.map((p) => ({ id: randomUUID(), type: 'Modelled', data: toJson(p) as JsonObject }));
          let expected: ExpectedState =
            op.expected.kind === 'exact' ? (s.revision + BigInt(op.expected.delta) < 0n ? 0n : s.revision + BigInt(op.expected.delta)) : op.expected.kind;
          if (op.mode === 'replay' && s.lastBatch) ({ events, expected } = s.lastBatch);
          if (op.mode === 'overlap' && s.lastBatch?.events[0]) events = [s.lastBatch.events[0], ...events, { id: randomUUID(), type: 'Modelled', data: {} }];

          const ids = events.map((e) => e.id as string);
          const known = s.events.filter((e) => ids.includes(e.id));
          let want: Outcome;
          if (s.tombstoned) want = fail('StreamDeletedError');
          else if (ids.length > 0 && known.length === ids.length) want = { ok: known[known.length - 1]?.revision };
          else if (known.length > 0) want = fail('IdempotencyConflictError');
          else if (!expectedStateHolds(expected, s.revision, s.deleted)) want = fail('WrongExpectedVersionError', s.revision >= 0n ? s.revision : 'no_stream');
          else {
            for (const e of events) {
              s.revision += 1n;
              s.events.push({ id: e.id as string, revision: s.revision, data: e.data });
              written.push(e.id as string);
            }
            if (events.length > 0) s.deleted = false;
            s.lastBatch = { events, expected };
            want = { ok: s.revision };
          }
          const got = await outcome(async () => (await store.appendToStream(name(op.stream), events, { expectedState: expected })).nextExpectedRevision);
          expect({ op, got }).toEqual({ op, got: want });
        } else if (op.op === 'read') {
          let want: Outcome;
          if (s.tombstoned) want = fail('StreamDeletedError');
          else if (s.revision < 0n || s.deleted) want = fail('StreamNotFoundError');
          else {
            const visible = s.events.filter((e) => e.revision >= s.truncateBefore);
            const from = op.from === null ? undefined : BigInt(op.from);
            let out = op.backwards ? visible.filter((e) => from === undefined || e.revision <= from).reverse() : visible.filter((e) => from === undefined || e.revision >= from);
            if (op.maxCount !== null) out = out.slice(0, op.maxCount);
            want = { ok: out.map((e) => [e.revision, e.id, fromJson(e.data)]) };
          }
          const got = await outcome(async () =>
            (
              await store.readStream(name(op.stream), {
                direction: op.backwards ? 'backwards' : 'forwards',
                ...(op.from !== null ? { fromRevision: BigInt(op.from) } : {}),
                ...(op.maxCount !== null ? { maxCount: op.maxCount } : {}),
              })
            ).map((e: RecordedEvent) => [e.revision, e.id, fromJson(e.data)]),
          );
          expect({ op, got }).toEqual({ op, got: want });
        } else {
          let want: Outcome = { ok: undefined };
          if (s.tombstoned) want = fail('StreamDeletedError');
          else if (op.op === 'tombstone') s.tombstoned = true;
          else if (s.revision >= 0n && !s.deleted) {
            s.deleted = true;
            s.truncateBefore = s.revision + 1n;
          }
          const got = await outcome(() => (op.op === 'delete' ? store.deleteStream(name(op.stream)) : store.tombstoneStream(name(op.stream))));
          expect({ op, got }).toEqual({ op, got: want });
        }
      }

      // $all: exactly the committed events, each once, in the order they were written.
      const all = written.length === 0 ? [] : await readAllOf(store, { category }, written.length);
      expect(all.map((e) => e.id)).toEqual(written);
    }),
    { seed, numRuns: 40 },
  );
}, 60_000);
