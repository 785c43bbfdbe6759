/** Settings of the projection consumers, from the service configuration. */
export interface ProjectionSettings {
  enrollmentTopic: string;
  claimsTopic: string;
  groupPrefix: string;
  maxAttempts: number;
  retryBackoffMs: number;
  partitionsConcurrently: number;
  fetchBytesPerPartition: number;
  /** Kafka session timeout of the projection consumers: how soon a dead instance's partitions move to a live one. */
  sessionTimeoutMs: number;
  /** How often generations are reconciled and a finished rebuild is switched over. */
  superviseIntervalMs: number;
}

export const PROJECTION_SETTINGS = Symbol('PROJECTION_SETTINGS');
