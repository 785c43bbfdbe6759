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
  StreamNotFoundError,
  uuidV5,
  WrongExpectedVersionError,
  type CurrentState,
  type Decider,
  type EventStore,
  type JsonObject,
} from '@fpi/event-store';
import { ApiError, CLOCK, type Clock, type Principal, type RegionScope, type Role } from '@fpi/platform';
import { EVENT_STORE } from '../infrastructure/event-store.module';
import { ClaimEventsSignal } from './claim-events-signal';
import { claimEventCodec, trackedClaimCodec, type TrackedClaimEvent } from './claim-codec';
import { claimAccessRegion, claimNotFound, claimView, etagOf, visibleClaim } from './claim-view';
import { CLAIM_DECIDER, CLAIM_POLICY } from './claims-settings';
import type { CommandRequest } from './command-request';
import { IdempotencyRepository, type CommandOutcome } from './idempotency.repository';

/** A command without its metadata: the service adds the time (injected clock) and the actor (verified token). */
export type CommandBody = ClaimCommand extends infer C ? (C extends ClaimCommand ? Omit<C, 'metadata'> : never) : never;

/** The write path's view of a stream: the claim, the revision folded so far, and a replay marker. */
interface Tracked {
  readonly claim: ClaimState;
  /** Revision of the last folded event; -1 before the first. */
  readonly revision: bigint;
  /** Set when the stream already holds this command's first event: the request hash it was written with. */
  readonly replayOf: string | null;
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
  ) {}

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
    const actorId = req.principal.sub;
    const stored = await this.idempotency.find(actorId, req.idempotencyKey);
    if (stored) return this.replay(stored.fingerprint, stored.outcome, req);
    const result = await work();
    if (result.written > 0) this.signal.notify();
    const outcome = this.outcome(result, status);
    const saved = await this.idempotency.save(actorId, req.idempotencyKey, req.fingerprint, claimId, outcome, this.clock.now());
    return saved.fingerprint === req.fingerprint ? saved.outcome : this.replay(saved.fingerprint, saved.outcome, req);
  }

  /** A command on an existing claim whose body needs nothing but the request: the common case. */
  run(claimId: string, req: CommandRequest, body: CommandBody): Promise<CommandOutcome> {
    return this.idempotent(claimId, req, 200, () => this.decideAndAppend(claimId, req, body, this.clock.now()));
  }

  /** Whether a stream exists for this claim id (in any state, in any region). */
  async exists(claimId: string): Promise<boolean> {
    try {
      return (await this.store.readStream(claimStreamName(claimId), { maxCount: 1 })).length > 0;
    } catch (e) {
      if (e instanceof StreamNotFoundError) return false;
      throw e;
    }
  }

  /** Reads a claim (404 when missing or outside `scope`). */
  async load(claimId: string, scope: RegionScope): Promise<{ claim: ExistingClaim; revision: bigint }> {
    const { state, revision } = await loadState(this.store, claimStreamName(claimId), this.decider, claimEventCodec);
    return { claim: visibleClaim(state, scope), revision: revisionOf(revision) };
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
    const decider = this.guarded({ marker: deriveEventId(scopedKey, 0), fingerprint: req.fingerprint, expectedRevision: req.expectedRevision, scope: req.scope, creates: opts.creates ?? false });
    try {
      const result = await handleCommand(this.store, claimStreamName(claimId), decider, command, {
        codec: trackedClaimCodec(),
        idempotencyKey: scopedKey,
        metadata,
      });
      const { claim } = result.state;
      if (claim.status === 'empty') throw claimNotFound();
      return { claim, revision: revisionOf(result.nextExpectedRevision), written: result.events.length, events: result.events };
    } catch (e) {
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
    if (result.events.length > 0) this.signal.notify();
    return result.events.length;
  }

  private outcome(result: CommandResult, status: number): CommandOutcome {
    // Answers of commands are stored for replays: always masked, whoever asked.
    const body = claimView(result.claim, result.revision, this.policy, { unmasked: false });
    const headers: Record<string, string> = { ETag: etagOf(result.revision) };
    if (status === 201) headers['Location'] = `/claims/${result.claim.claimId}`;
    return { status, body, headers };
  }

  private replay(fingerprint: string, outcome: CommandOutcome, req: CommandRequest): CommandOutcome {
    if (fingerprint !== req.fingerprint) throw keyReused();
    return { ...outcome, replayed: true };
  }

  /**
   * The domain decider inside the checks that need the stream as loaded: the replay marker, the region
   * scope (a claim outside it is "not found") and `If-Match`. Running them inside `decide` means the
   * helper's retry after a concurrent append re-checks them against the fresh stream.
   */
  private guarded(g: { marker: string; fingerprint: string; expectedRevision?: bigint; scope: RegionScope; creates: boolean }): Decider<ClaimCommand, Tracked, TrackedClaimEvent> {
    const inner = this.decider;
    return {
      initialState: () => ({ claim: inner.initialState(), revision: -1n, replayOf: null }),
      evolve: (s, e) => ({
        claim: inner.evolve(s.claim, e.event),
        revision: e.revision ?? s.revision + 1n,
        replayOf: e.id !== undefined && e.id === g.marker ? String(e.metadata?.['requestHash'] ?? '') : s.replayOf,
      }),
      decide: (command, s) => {
        if (s.replayOf !== null) {
          if (s.replayOf !== g.fingerprint) throw keyReused();
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
