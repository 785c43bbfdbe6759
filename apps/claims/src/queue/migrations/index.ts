import { QueueReadModel1764700000000 } from './1764700000000-queue-read-model';
import { QueueWorkIndex1764800000000 } from './1764800000000-queue-work-index';

/** Register with the app's data source (`migrations: [...]`); the timeline and supervision migrations come with them. */
export const QUEUE_MIGRATIONS = [QueueReadModel1764700000000, QueueWorkIndex1764800000000];
export { QueueReadModel1764700000000, QueueWorkIndex1764800000000 };
