import { Module } from '@nestjs/common';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler';
import { EnrollmentEventsConsumer } from '../policy-view/enrollment-events.consumer';
import { ClaimRelay } from '../relay/claim-relay';
import { ClaimProjector } from './claim-projector';

/**
 * The service's background work: the policy view fed from enrollment's topic, the claim read models, the
 * deadline scheduler and the relay to Kafka. Each starts after the application bootstraps and keeps
 * retrying while a dependency is down, so HTTP (and readiness) never waits on them.
 */
@Module({ providers: [EnrollmentEventsConsumer, ClaimProjector, DeadlineScheduler, ClaimRelay] })
export class BackgroundModule {}
