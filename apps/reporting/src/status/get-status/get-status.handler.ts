import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@fpi/platform';
import type { GenerationLag } from '../../projections/projection-lag';
import { ProjectionSupervisor } from '../../projections/projection-supervisor';

export interface StatusResponse {
  at: string;
  /** The generation queries read, with its lag per topic and partition. */
  active: GenerationLag | null;
  /** A rebuild in progress, with its own lag; it is switched in when that lag reaches zero. */
  building: GenerationLag | null;
  retired: string[];
  /** Event time of the newest event applied to the active generation. */
  lastEventAppliedAt: string | null;
}

/**
 * How far the read model is behind Kafka: per topic and partition, the high watermark minus the position
 * stored with the rows. Tests wait on it (`active.caughtUp`) instead of sleeping.
 */
@Injectable()
export class GetStatusHandler {
  constructor(
    private readonly supervisor: ProjectionSupervisor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<StatusResponse> {
    const generations = await this.supervisor.generations.list();
    const active = generations.find((g) => g.status === 'active');
    const building = generations.find((g) => g.status === 'building');
    const [activeLag, buildingLag] = await Promise.all([active ? this.supervisor.lag(active) : null, building ? this.supervisor.lag(building) : null]);
    return {
      at: this.clock.now().toISOString(),
      active: activeLag,
      building: buildingLag,
      retired: generations.filter((g) => g.status === 'retired').map((g) => g.schema),
      lastEventAppliedAt: activeLag?.lastEventAt ?? null,
    };
  }
}
