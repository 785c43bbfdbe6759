import { Global, Module, type DynamicModule } from '@nestjs/common';
import { idempotencyRetentionProvider } from '@fpi/platform';
import { createClaimDecider, type ClaimPolicy } from '@fpi/claims-domain';
import type { ClaimsConfig } from '../config';
import { CoverageService } from '../policy-view/coverage.service';
import { PolicyViewRepository } from '../policy-view/policy-view.repository';
import { ClaimCommandService } from './claim-command.service';
import { ClaimEventsSignal } from './claim-events-signal';
import { CLAIM_DECIDER, CLAIM_POLICY, CLAIMS_SETTINGS, claimPolicyOf, claimsSettingsOf } from './claims-settings';
import { IdempotencyRepository } from './idempotency.repository';

/** The claims service's shared pieces: settings, the programme's rules, the write path, the policy view reads. */
@Global()
@Module({})
export class ClaimsCoreModule {
  static forRoot(config: ClaimsConfig): DynamicModule {
    const providers = [
      { provide: CLAIMS_SETTINGS, useValue: claimsSettingsOf(config) },
      { provide: CLAIM_POLICY, useValue: claimPolicyOf(config) },
      { provide: CLAIM_DECIDER, useFactory: (policy: ClaimPolicy) => createClaimDecider(policy), inject: [CLAIM_POLICY] },
      ClaimEventsSignal,
      IdempotencyRepository,
      ClaimCommandService,
      PolicyViewRepository,
      CoverageService,
      // Answers of commands are kept for retries for IDEMPOTENCY_RETENTION_HOURS; the claim streams keep
      // recognising a retried command (its event ids) for ever, so an expired key never writes twice.
      idempotencyRetentionProvider('claims_idempotency', config.IDEMPOTENCY_RETENTION_HOURS),
    ];
    return { module: ClaimsCoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
