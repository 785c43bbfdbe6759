/**
 * What test/perf/claims.bench.ts drives directly (the command write path without HTTP), in one place so the
 * benchmark crosses into the app through a single import.
 */
export { ClaimCommandService, type CommandBody } from '../shared/claim-command.service';
export { ClaimEventsSignal } from '../shared/claim-events-signal';
export type { ClaimsSettings } from '../shared/claims-settings';
export type { CommandRequest } from '../shared/command-request';
export { IdempotencyRepository } from '../shared/idempotency.repository';
