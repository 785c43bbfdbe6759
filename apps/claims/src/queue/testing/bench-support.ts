/**
 * What test/perf/queue.bench.ts drives directly (the projection writer and the readers, without HTTP), in
 * one place so the benchmark crosses into the app through a single import.
 */
export { ClaimProjectionWriter } from '../projection/claim-projection.writer';
export { historyLoader } from '../projection/claim-projection.runner';
export type { StreamEvent } from '../projection/claim-row';
export { QueueReader } from '../queue.reader';
export { QueueLeases } from '../leases/queue-leases.service';
export { DEFAULT_QUEUE_OPTIONS } from '../queue.options';
export { QUEUE_ITEM_COLUMNS } from '../queue-item.response';
export { QUEUE_MIGRATIONS } from '../migrations';
export { TIMELINE_MIGRATIONS } from '../../timeline/migrations';
export { SUPERVISION_MIGRATIONS } from '../../supervision/migrations';
export { TimelineReader } from '../../timeline/timeline.reader';
export { ENTRY_COLUMNS } from '../../timeline/timeline-entry.view';
export { asStream, day, thirtyEventClaim } from './claim-histories';
export { copyTemplate, makeTemplates, seededRandom, type Template } from './synthetic-claims';
