/**
 * Kafka topic names. Versioned: a breaking change to an event's schema gets a new topic version, so that
 * consumers of the old one keep working while they migrate.
 */
export const Topics = {
  /** Household and policy changes published by enrollment; key = policy id (household events: household id). */
  enrollmentEvents: 'fpi.enrollment.events.v1',
  /** Every claim lifecycle event, for the platform's own read models; key = claim id. */
  claimEvents: 'fpi.claims.events.v1',
  /** The integrator contract: settlements, reversals and final rejections; key = claim id. */
  settlements: 'fpi.claims.settlements.v1',
  /** End-to-end wiring probes (operations canary); key = probe id. */
  diagnostics: 'fpi.platform.diagnostics.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Dead-letter topic of a consumer group for a source topic: poison messages land here with their origin in headers. */
export const deadLetterTopic = (sourceTopic: string): string => `${sourceTopic}.dlq`;

/** Header names carried by every message the platform publishes (CloudEvents Kafka binding, binary mode). */
export const Headers = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  specVersion: 'ce_specversion',
  contentType: 'content-type',
  dlqSourceTopic: 'dlq_source_topic',
  dlqSourcePartition: 'dlq_source_partition',
  dlqSourceOffset: 'dlq_source_offset',
  dlqErrorClass: 'dlq_error_class',
  dlqErrorMessage: 'dlq_error_message',
  dlqAttempts: 'dlq_attempts',
  dlqFirstFailureAt: 'dlq_first_failure_at',
} as const;
