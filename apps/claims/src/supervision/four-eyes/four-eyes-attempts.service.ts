import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { SUPERVISION_POOL } from '../supervision.tokens';

/** A refused approval, as the command layer knows it when the decider throws CLAIM.FOUR_EYES_REQUIRED. */
export interface FourEyesAttempt {
  claimId: string;
  /** The command's time (its injected clock), not the database's. */
  attemptedAt: Date | string;
  /** The verified caller who tried to approve (principal.sub and role). */
  actor: { id: string; role: string };
  /** Who assessed the claim: the person the approver had to differ from. */
  assessedBy?: string | null;
  /** The amount the approval was for. */
  amountFen?: bigint | null;
  /** The claim's region, when the command layer has it; otherwise reports take it from the queue read model. */
  regionCode?: string | null;
  /** The request's correlation id: a retried request is recorded once, and the audit trail's entry for it is not counted twice. */
  correlationId?: string | null;
}

/**
 * Records attempted four-eyes violations. The event store cannot: the decider refuses the approval and no
 * event is written. The claims command layer calls `record` when it catches CLAIM.FOUR_EYES_REQUIRED; the
 * supervisor report also counts refusals found only in the audit trail (outcome CLAIM.FOUR_EYES_REQUIRED),
 * so an attempt is seen even if this call was missed.
 */
@Injectable()
export class FourEyesAttempts {
  constructor(@Inject(SUPERVISION_POOL) private readonly pool: Pool) {}

  /** True when stored, false when this correlation id was already recorded for the claim. */
  async record(attempt: FourEyesAttempt): Promise<boolean> {
    const at = attempt.attemptedAt instanceof Date ? attempt.attemptedAt : new Date(attempt.attemptedAt);
    if (!Number.isFinite(at.getTime())) throw new TypeError('attemptedAt is not a valid instant');
    if (!attempt.claimId || !attempt.actor?.id) throw new TypeError('claimId and actor.id are required');
    const { rowCount } = await this.pool.query(
      `INSERT INTO four_eyes_attempts (claim_id, attempted_at, actor_id, actor_role, assessed_by, amount_fen, region_code, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (claim_id, correlation_id) WHERE correlation_id IS NOT NULL DO NOTHING`,
      [
        attempt.claimId,
        at,
        attempt.actor.id,
        attempt.actor.role,
        attempt.assessedBy ?? null,
        attempt.amountFen === undefined || attempt.amountFen === null ? null : attempt.amountFen.toString(),
        attempt.regionCode ?? null,
        attempt.correlationId ?? null,
      ],
    );
    return rowCount === 1;
  }
}
