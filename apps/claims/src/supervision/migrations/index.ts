import { FourEyesAttempts1764700000002 } from './1764700000002-four-eyes-attempts';

export const SUPERVISION_MIGRATIONS = [FourEyesAttempts1764700000002];
export { FourEyesAttempts1764700000002 };
