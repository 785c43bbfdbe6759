/** Settings the enrollment use cases read, resolved once from the environment at the composition root. */
export interface EnrollmentSettings {
  eventsTopic: string;
  giftedBatchMaxRows: number;
  /** Households per INSERT statement of a gifted batch; the statements share the batch's one transaction. */
  giftedBatchChunkHouseholds: number;
  lifecycleSweepIntervalMs: number;
}

export const ENROLLMENT_SETTINGS = Symbol('ENROLLMENT_SETTINGS');
