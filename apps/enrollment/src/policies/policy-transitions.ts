import { Injectable } from '@nestjs/common';
import { decide, EnrollmentError, evolve, type PolicyCommand } from '@fpi/enrollment-domain';
import { policyEvent } from '../events/enrollment-events';
import { EventWriter } from '../events/event-writer';
import type { RequestContext } from '../request-context';
import { assertExpectedRevision, etagOf, type CommandMeta, type CommandOutcome } from '../shared/command';
import { CommandRunner } from '../shared/command-runner.service';
import type { Tx } from '../shared/sql';
import type { PolicyRecord } from './policy.record';
import { PolicyRepository } from './policy.repository';
import { policyResponse } from './policy.response';

/**
 * The one write path of an existing policy: load, check If-Match, decide, evolve, guarded UPDATE, event to
 * the outbox, all in the command's transaction. A command the policy has already seen changes nothing and
 * answers the current state.
 */
@Injectable()
export class PolicyTransitions {
  constructor(private readonly runner: CommandRunner, private readonly policies: PolicyRepository, private readonly events: EventWriter) {}

  run(policyId: string, command: PolicyCommand, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      const after = await this.apply(tx, policyId, command, { now, actor: ctx.actorId, expectedRevision: meta.expectedRevision, regionPrefix: ctx.regionPrefix });
      return { status: 200, body: policyResponse(after, now), headers: { ETag: etagOf(after.policy.revision) } };
    });
  }

  /** Applies one command inside an open transaction; returns the policy as it stands afterwards. */
  async apply(tx: Tx, policyId: string, command: PolicyCommand, opts: { now: Date; actor: string; expectedRevision?: number; regionPrefix?: string }): Promise<PolicyRecord> {
    const before = await this.policies.load(tx, policyId, opts.regionPrefix);
    if (!before) throw new EnrollmentError('ENROLLMENT.POLICY_NOT_FOUND', 'not_found', 'no such policy');
    assertExpectedRevision(opts.expectedRevision, before.policy.revision);
    const changes = decide(command, before.policy, { now: opts.now, actor: opts.actor });
    let current = before;
    for (const change of changes) {
      const next = { ...current, policy: evolve(current.policy, change) };
      await this.policies.update(tx, current.policy, next.policy, change, opts.now, opts.actor);
      await this.events.write(tx, [policyEvent(next, change, { occurredAt: opts.now, actor: opts.actor })]);
      current = next;
    }
    return current;
  }
}
