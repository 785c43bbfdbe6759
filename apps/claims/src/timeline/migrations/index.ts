import { TimelineReadModel1764700000001 } from './1764700000001-timeline-read-model';

/** The projection that feeds the queue also writes the timeline, so both sets are needed together. */
export const TIMELINE_MIGRATIONS = [TimelineReadModel1764700000001];
export { TimelineReadModel1764700000001 };
