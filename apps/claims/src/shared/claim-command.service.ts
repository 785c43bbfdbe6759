import { Inject, Injectable } from '@nestjs/common';
import {
  claimStreamName,
  type ClaimCommand,
  type ClaimDecider,
  type ClaimPolicy,
  type ClaimState,
  type ExistingClaim,
} from '@fpi/claims-domain';
import type { ActorRole } from '@fpi/contracts';
import {
  deriveEventId,
  handleCommand,
  IdempotencyConflictError,
  loadState,
  PostgresEventStore,
  StreamNotFoundError,
  uuidV5,
  WrongExpectedVersionError,
  type AppendResult,
  type CurrentState,
  type DecidedAppend,
  type Decider,
  type EventStore,
  type JsonObject,
  type KnownState,
} from '@fpi/event-store';
import { ApiError, CLOCK, type Clock, type Principal, type RegionScope, type Role } from '@fpi/platform';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { ClaimEventsSignal } from './claim-events-signal';
import { claimEventCodec, trackedClaimCodec, type TrackedClaimEvent } from './claim-codec';
import { claimAccessRegion, claimNotFound, claimView, etagOf, visibleClaim } from './claim-view';
import { CLAIM_DECIDER, CLAIM_POLICY, CLAIMS_SETTINGS, type ClaimsSettings } from './claims-settings';
import type { CommandRequest } from './command-request';
import { IdempotencyRepository, type CommandOutcome } from './idempotency.repository';

/** A command without its metadata: the service adds the time (injected clock) and the actor (verified token). */
export type CommandBody = ClaimCommand extends infer C ? (C extends ClaimCommand ? Omit<C, 'metadata'> : never) : never;

/** The write path's view of a stream: the claim, the revision folded so far, and who wrote which events. */
interface Tracked {
  readonly claim: ClaimState;
  /** Revision of the last folded event; -1 before the first. */
  readonly revision: bigint;
  /**
   * Event id -> the request hash it was written with. A command's first event id is derived from its
   * (actor, Idempotency-Key), so finding it here means the command is already in the stream. Kept in the
   * state (not checked per request) so that the state does not depend on the request and can be reused.
   */
  readonly requestHashes: ReadonlyMap<string, string>;
}

/** A request whose answer is being produced: the status it answers with, and the answer once stored. */
interface Answering {
  readonly status: 200 | 201;
  stored?: CommandOutcome;
}

/** The request's key was taken when its events were about to be appended: nothing was appended. */
class KeyTaken extends Error {}

/** How many recently decided claims the write path remembers (a claim's few KB each). */
const RECENT_CLAIMS = 5_000;

/**
 * The write path's memory of the claims it decided last, least recently used first out. An entry is only
 * an assumption about the stream: the append's expected revision verifies it, and `handleCommand` reads
 * the stream when it was stale, or when it refused or decided nothing (answers that must come from the
 * stream as stored). So a command on a claim this instance just changed (a handler working through a
 * claim) decides without reading the stream, and several instances stay correct.
 */
class RecentClaims {
  private readonly entries = new Map<string, KnownState<Tracked>>();

  get(claimId: string): KnownState<Tracked> | undefined {
    const hit = this.entries.get(claimId);
    if (hit !== undefined) {
      this.entries.delete(claimId);
      this.entries.set(claimId, hit);
    }
    return hit;
  }

  remember(claimId: string, known: KnownState<Tracked>): void {
    this.entries.delete(claimId);
    this.entries.set(claimId, known);
    if (this.entries.size > RECENT_CLAIMS) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(claimId: string): void {
    this.entries.delete(claimId);
  }
}

/** What one successful pass of the write path produced. */
export interface CommandResult {
  readonly claim: ExistingClaim;
  readonly revision: bigint;
  /** How many events this request wrote (0 for a repeat). */
  readonly written: number;
  readonly events: readonly TrackedClaimEvent[];
}

// Namespace of claim ids derived from (actor, Idempotency-Key): a retried report lands on the same stream.
const CLAIM_ID_NAMESPACE = '3b0f6c2e-9a51-4f7d-8c3e-5d2a1e9b7f40';

const revisionOf = (state: CurrentState): bigint => (state === 'no_stream' ? -1n : state);

/** Platform roles that may act on a claim, as the domain records them. Others never pass the route guard. */
const ACTOR_ROLES: Partial<Record<Role, ActorRole>> = { handler: 'handler', supervisor: 'supervisor', integrator: 'integrator', admin: 'admin' };

/** The actor a command records: the verified subject and its role (never anything from the body). */
export function actorOf(principal: Principal): { id: string; role: ActorRole } {
  const role = ACTOR_ROLES[principal.role];
  if (role === undefined) throw new ApiError('forbidden', 'AUTH.FORBIDDEN', 'This role does not act on claims.');
  return { id: principal.sub, role };
}

/**
 * The one write path of claim commands: idempotency record -> load stream -> fold -> decide -> append with
 * the expected revision -> bounded retry on conflict (`handleCommand`) -> answer stored by Idempotency-Key.
 *
 * Event ids are derived from (actor, Idempotency-Key), so a retry after an ambiguous failure (the append
 * committed, the answer was never stored) writes nothing twice: the decider wrapper finds the command's
 * first event in the stream and answers from the current state instead of deciding again.
 */
@Injectable()
export class ClaimCommandService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLAIM_DECIDER) private readonly decider: ClaimDecider,
    @Inject(CLAIM_POLICY) private readonly policy: ClaimPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly idempotency: IdempotencyRepository,
    private readonly signal: ClaimEventsSignal,
    @Inject(CLAIMS_SETTINGS) settings: Pick<ClaimsSettings, 'streamsInServiceDatabase'>,
  ) {
    this.sameTransaction = settings.streamsInServiceDatabase && store instanceof PostgresEventStore ? store : undefined;
  }

  private readonly recent = new RecentClaims();
  /**
   * The event store when it shares the service's PostgreSQL database: a command's answer is then stored by
   * the statement that appends its events (one round trip instead of a look-up, the append and a save).
   */
  private readonly sameTransaction: PostgresEventStore | undefined;
  private readonly answering = new WeakMap<CommandRequest, Answering>();

  /** The id of a claim reported with this request: stable across retries of the same request. */
  newClaimId(req: CommandRequest): string {
    return uuidV5(`${req.principal.sub}\n${req.idempotencyKey}`, CLAIM_ID_NAMESPACE);
  }

  /** A value derived from the request (notice, payment or attempt id) when the client did not choose one. */
  derivedId(req: CommandRequest, purpose: string): string {
    return uuidV5(`${req.principal.sub}\n${req.idempotencyKey}\n${purpose}`, CLAIM_ID_NAMESPACE);
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * Runs `work` at most once per (actor, Idempotency-Key): a stored answer with the same request
   * fingerprint is replayed, another fingerprint is refused. Failures are not stored: nothing was
   * written, so the retry decides again.
   */
  async idempotent(claimId: string, req: CommandRequest, status: 200 | 201, work: () => Promise<CommandResult>): Promise<CommandOutcome> {
    if (this.sameTransaction) return this.idempotentInOneStatement(claimId, req, status, work);
    const stored = await this.storedAnswer(req);
    if (stored) return stored;
    const result = await work();
    if (result.written > 0) this.signal.notify();
    return this.saveAnswer(claimId, req, result, status);
  }

  /**
   * {@link idempotent} when the answer can be stored with the events: decide first, then append the events
   * and store the answer in one statement that appends nothing if the key is taken. A request seen before
   * is recognised either way: on the same claim its events are in the stream (the decider answers "nothing
   * to do"), on another claim the key is taken; both then answer from the stored record, or refuse another
   * body. A decision that changes nothing stores its answer as before.
   */
  private async idempotentInOneStatement(claimId: string, req: CommandRequest, status: 200 | 201, work: () => Promise<CommandResult>): Promise<CommandOutcome> {
    const answering: Answering = { status };
    this.answering.set(req, answering);
    let result: CommandResult;
    try {
      result = await work();
    } catch (e) {
      if (!(e instanceof KeyTaken)) throw e;
      const stored = await this.storedAnswer(req);
      if (!stored) throw new Error('an Idempotency-Key was taken, yet no answer is stored under it');
      return stored;
    } finally {
      this.answering.delete(req);
    }
    if (result.written > 0) {
      this.signal.notify();
      return answering.stored ?? this.outcome(result, status);
    }
    return (await this.storedAnswer(req)) ?? this.saveAnswer(claimId, req, result, status);
  }

  /** The answer stored under the request's key, replayed (refused for another body); undefined when there is none. */
  private async storedAnswer(req: CommandRequest): Promise<CommandOutcome | undefined> {
    const stored = await this.idempotency.find(req.principal.sub, req.idempotencyKey);
    return stored && this.replay(stored.fingerprint, stored.outcome, req);
  }

  /** Stores `result`'s answer under the request's key, unless a request racing with the same key stored one first. */
  private async saveAnswer(claimId: string, req: CommandRequest, result: CommandResult, status: 200 | 201): Promise<CommandOutcome> {
    const saved = await this.idempotency.save(req.principal.sub, req.idempotencyKey, req.fingerprint, claimId, this.outcome(result, status), this.clock.now());
    return saved.fingerprint === req.fingerprint ? saved.outcome : this.replay(saved.fingerprint, saved.outcome, req);
  }

  /** A command on an existing claim whose body needs nothing but the request: the common case. */
  run(claimId: string, req: CommandRequest, body: CommandBody): Promise<CommandOutcome> {
    return this.idempotent(claimId, req, 200, () => this.decideAndAppend(claimId, req, body, this.clock.now()));
  }

  /** Whether a stream exists for this claim id (in any state, in any region). */
  async exists(claimId: string): Promise<boolean> {
    if (this.recent.get(claimId) !== undefined) return true;
    try {
      return (await this.store.readStream(claimStreamName(claimId), { maxCount: 1 })).length > 0;
    } catch (e) {
      if (e instanceof StreamNotFoundError) return false;
      throw e;
    }
  }

  /** Reads a claim from its stream (404 when missing or outside `scope`): what a reader must see. */
  async load(claimId: string, scope: RegionScope): Promise<{ claim: ExistingClaim; revision: bigint }> {
    const { state, revision } = await loadState(this.store, claimStreamName(claimId), this.tracking(), trackedClaimCodec());
    if (state.claim.status !== 'empty') this.recent.remember(claimId, { state, revision });
    return { claim: visibleClaim(state.claim, scope), revision: revisionOf(revision) };
  }

  /**
   * A claim as the write path last saw it, for a command's own inputs (the policy to check, the coverage
   * to assess against); read from the stream when this instance has not seen it. The command's append
   * verifies the revision, so a stale copy costs a conflict and a fresh decision, never a wrong one.
   */
  async loadForCommand(claimId: string, scope: RegionScope): Promise<{ claim: ExistingClaim; revision: bigint }> {
    const known = this.recent.get(claimId);
    if (known === undefined) return this.load(claimId, scope);
    return { claim: visibleClaim(known.state.claim, scope), revision: revisionOf(known.revision) };
  }

  /** Decides `body` against the claim's stream and appends the result (the helper retries on conflicts). */
  async decideAndAppend(claimId: string, req: CommandRequest, body: CommandBody, now: Date, opts: { creates?: boolean } = {}): Promise<CommandResult> {
    const scopedKey = `${req.principal.sub}\n${req.idempotencyKey}`;
    const command = { ...body, metadata: { now, actor: actorOf(req.principal) } } as ClaimCommand;
    const metadata: JsonObject = {
      actor: actorOf(req.principal),
      requestHash: req.fingerprint,
      commandType: body.type,
      ...(req.correlationId ? { correlationId: req.correlationId } : {}),
    };
    const marker = deriveEventId(scopedKey, 0);
    const creates = opts.creates ?? false;
    const decider = this.guarded({ marker, fingerprint: req.fingerprint, expectedRevision: req.expectedRevision, scope: req.scope, creates });
    // A new claim's stream is assumed not to exist yet (the append's `no_stream` checks it).
    const knownState = this.recent.get(claimId) ?? (creates ? { state: decider.initialState(), revision: 'no_stream' as const } : undefined);
    try {
      const append = this.appendWithAnswer(claimId, req, now);
      const result = await handleCommand(this.store, claimStreamName(claimId), decider, command, {
        codec: trackedClaimCodec(),
        idempotencyKey: scopedKey,
        metadata,
        ...(knownState ? { knownState } : {}),
        ...(append ? { append } : {}),
      });
      const { claim } = result.state;
      if (claim.status === 'empty') throw claimNotFound();
      // Events this command just wrote were folded as decided (without ids): note its marker, so a retry
      // whose stored answer was lost is recognised from the remembered state too.
      const requestHashes = result.events.length > 0 ? new Map(result.state.requestHashes).set(marker, req.fingerprint) : result.state.requestHashes;
      this.recent.remember(claimId, { state: { ...result.state, requestHashes }, revision: result.nextExpectedRevision });
      return { claim, revision: revisionOf(result.nextExpectedRevision), written: result.events.length, events: result.events };
    } catch (e) {
      this.recent.forget(claimId);
      if (e instanceof IdempotencyConflictError) throw keyReused();
      if (e instanceof WrongExpectedVersionError) {
        throw new ApiError('conflict', 'CLAIM.CONCURRENT_MODIFICATION', 'The claim is being changed by others right now; read it again and retry.');
      }
      throw e;
    }
  }

  /**
   * Runs the decider on a new claim without writing anything, so that a report's own rules (formats,
   * vocabularies, signs of amounts) answer with their codes before the policy view is consulted.
   */
  precheckNew(req: CommandRequest, body: CommandBody, now: Date): void {
    this.decider.decide({ ...body, metadata: { now, actor: actorOf(req.principal) } } as ClaimCommand, this.decider.initialState());
  }

  /** Appends a command that no person sent (the deadline scheduler): deterministic key, `system` actor. */
  async system(claimId: string, idempotencyKey: string, body: CommandBody, actorId: string): Promise<number> {
    const actor = { id: actorId, role: 'system' as const };
    const command = { ...body, metadata: { now: this.clock.now(), actor } } as ClaimCommand;
    const result = await handleCommand(this.store, claimStreamName(claimId), this.decider, command, {
      codec: claimEventCodec,
      idempotencyKey,
      metadata: { actor, commandType: body.type },
    });
    // This instance's remembered state of the claim is now behind; the next command reads the stream.
    this.recent.forget(claimId);
    if (result.events.length > 0) this.signal.notify();
    return result.events.length;
  }

  private outcome(result: Pick<CommandResult, 'claim' | 'revision'>, status: number): CommandOutcome {
    // Answers of commands are stored for replays: always masked, whoever asked.
    const body = claimView(result.claim, result.revision, this.policy, { unmasked: false });
    const headers: Record<string, string> = { ETag: etagOf(result.revision) };
    if (status === 201) headers['Location'] = `/claims/${result.claim.claimId}`;
    return { status, body, headers };
  }

  /**
   * For a request answered in one statement ({@link idempotentInOneStatement}): the append that also
   * stores the answer, computed from the state the events lead to. Undefined otherwise.
   */
  private appendWithAnswer(claimId: string, req: CommandRequest, now: Date): ((a: DecidedAppend<Tracked, TrackedClaimEvent>) => Promise<AppendResult>) | undefined {
    const answering = this.answering.get(req);
    const store = this.sameTransaction;
    if (!answering || !store) return undefined;
    return async (a) => {
      const claim = a.stateAfter.claim;
      if (claim.status === 'empty') throw new Error('a decision left no claim');
      const outcome = this.outcome({ claim, revision: revisionOf(a.expectedState) + BigInt(a.decided.length) }, answering.status);
      const guard = this.idempotency.guardFor(req.principal.sub, req.idempotencyKey, req.fingerprint, claimId, outcome, now);
      const appended = await store.appendToStreamGuarded(a.streamName, a.events, { expectedState: a.expectedState }, guard);
      if (appended === null) throw new KeyTaken();
      answering.stored = outcome;
      return appended;
    };
  }

  private replay(fingerprint: string, outcome: CommandOutcome, req: CommandRequest): CommandOutcome {
    if (fingerprint !== req.fingerprint) throw keyReused();
    return { ...outcome, replayed: true };
  }

  /** Folding a stream into {@link Tracked}: the claim, its revision and the request hash of every event written by a request. */
  private tracking(): Pick<Decider<ClaimCommand, Tracked, TrackedClaimEvent>, 'initialState' | 'evolve'> {
    const inner = this.decider;
    return {
      initialState: () => ({ claim: inner.initialState(), revision: -1n, requestHashes: new Map() }),
      evolve: (s, e) => {
        const hash = e.metadata?.['requestHash'];
        return {
          claim: inner.evolve(s.claim, e.event),
          revision: e.revision ?? s.revision + 1n,
          requestHashes: e.id !== undefined && typeof hash === 'string' ? new Map(s.requestHashes).set(e.id, hash) : s.requestHashes,
        };
      },
    };
  }

  /**
   * The domain decider inside the checks that need the stream as loaded: the replay marker, the region
   * scope (a claim outside it is "not found") and `If-Match`. Running them inside `decide` means the
   * helper's retry after a concurrent append re-checks them against the fresh stream.
   */
  private guarded(g: { marker: string; fingerprint: string; expectedRevision?: bigint; scope: RegionScope; creates: boolean }): Decider<ClaimCommand, Tracked, TrackedClaimEvent> {
    const inner = this.decider;
    return {
      ...this.tracking(),
      decide: (command, s) => {
        const replayOf = s.requestHashes.get(g.marker);
        if (replayOf !== undefined) {
          if (replayOf !== g.fingerprint) throw keyReused();
          return [];
        }
        if (!g.creates && (s.claim.status === 'empty' || !g.scope.covers(claimAccessRegion(s.claim)))) throw claimNotFound();
        if (g.expectedRevision !== undefined && !g.creates && g.expectedRevision !== s.revision) {
          throw new ApiError(
            'precondition',
            'CLAIM.STALE_REVISION',
            `The claim is at revision ${s.revision}, not ${g.expectedRevision}; read it again and reapply your change.`,
            { currentRevision: Number(s.revision) },
            { ETag: etagOf(s.revision) },
          );
        }
        return inner.decide(command, s.claim).map((event) => ({ event }));
      },
    };
  }
}

const keyReused = (): ApiError =>
  new ApiError('conflict', 'REQUEST.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
