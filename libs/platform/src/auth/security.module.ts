import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Pool } from 'pg';
import { systemClock, type Clock } from '../clock/clock';
import { AUDIT_TRAIL } from '../audit/audit-trail';
import { migrateAuditTrail, PostgresAuditTrail } from '../audit/audit-trail.pg';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { LIMITS } from '../limits/paging';
import { RateLimitGuard } from '../limits/rate-limit.guard';
import { RATE_LIMITER, TokenBucketLimiter } from '../limits/rate-limiter';
import { API_KEY_STORE } from './api-keys';
import { migrateApiKeyStore, PostgresApiKeyStore } from './api-key-store.pg';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import type { FetchLike } from './jwks';
import { JwtVerifier } from './jwt-verifier';
import { resolveSecurityOptions, type SecurityConfig, type SecurityOptions } from './security-config';

import { ApiKeysAdminController, AuditAdminController } from './security-admin.controller';
import { SECURITY_CLOCK, SECURITY_OPTIONS, SECURITY_POOL } from './security.module.tokens';

export { SECURITY_CLOCK, SECURITY_OPTIONS, SECURITY_POOL };
const SECURITY_EXTRAS = Symbol('SECURITY_EXTRAS');

/** Optional collaborators; mostly for tests (a manual clock, a JWKS fetch) or an app that shares its pool. */
export interface SecurityModuleExtras {
  /** A pool the app owns (then the app closes it); otherwise one is opened on DATABASE_URL and closed here. */
  pool?: Pool;
  clock?: Clock;
  fetchFn?: FetchLike;
  /** Create the audit and API-key tables at start (default true; idempotent and serialised). */
  migrate?: boolean;
}

@Injectable()
class SecurityLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Security');
  constructor(
    @Inject(SECURITY_POOL) private readonly pool: Pool,
    @Inject(SECURITY_OPTIONS) private readonly options: SecurityOptions,
    @Inject(SECURITY_EXTRAS) private readonly extras: { ownsPool: boolean; migrate: boolean },
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.jwt.usesDevSecret) this.logger.warn({ msg: 'accepting tokens signed with the development secret (AUTH_JWT_SECRET unset); never in production' });
    if (this.extras.migrate) {
      await migrateAuditTrail(this.pool);
      await migrateApiKeyStore(this.pool);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.extras.ownsPool) await this.pool.end();
  }
}

/**
 * Authentication, default-deny authorisation, per-principal rate limits and the audit trail, for one
 * service. Import once in the app module: `SecurityModule.forRoot(config)`. Global, so feature modules can
 * inject `AUDIT_TRAIL`, `API_KEY_STORE`, `LIMITS` and `JwtVerifier`.
 */
@Module({})
export class SecurityModule {
  /** Validates the configuration now (throws ConfigError, e.g. the dev secret in production) and wires the providers. */
  static forRoot(config: SecurityConfig, extras: SecurityModuleExtras = {}): DynamicModule {
    const options = resolveSecurityOptions(config);
    if (!extras.pool && !options.databaseUrl) throw new Error('SecurityModule needs DATABASE_URL (or a pool) for the audit trail and API keys');
    const clock = extras.clock ?? systemClock;
    const logger = new Logger('Security');

    const providers: Provider[] = [
      { provide: SECURITY_OPTIONS, useValue: options },
      { provide: SECURITY_CLOCK, useValue: clock },
      { provide: SECURITY_EXTRAS, useValue: { ownsPool: !extras.pool, migrate: extras.migrate ?? true } },
      {
        provide: SECURITY_POOL,
        useFactory: () => {
          if (extras.pool) return extras.pool;
          const pool = new Pool({ connectionString: options.databaseUrl, max: 4, application_name: 'security' });
          // Without a listener an idle client's error (PostgreSQL restart) crashes the process (node-postgres #2762).
          pool.on('error', (e) => logger.error({ msg: 'idle PostgreSQL client failed', error: e.message }));
          return pool;
        },
      },
      { provide: AUDIT_TRAIL, useFactory: (pool: Pool) => new PostgresAuditTrail(pool, clock), inject: [SECURITY_POOL] },
      { provide: API_KEY_STORE, useFactory: (pool: Pool) => new PostgresApiKeyStore(pool, clock), inject: [SECURITY_POOL] },
      {
        provide: JwtVerifier,
        useFactory: () =>
          JwtVerifier.fromOptions(options.jwt, { clock, fetchFn: extras.fetchFn, onError: (e) => logger.warn({ msg: 'JWKS refresh failed', error: e.message }) }),
      },
      { provide: RATE_LIMITER, useValue: new TokenBucketLimiter({ ...options.rateLimit, clock }) },
      { provide: LIMITS, useValue: options.limits },
      Authenticator,
      SecurityLifecycle,
      // Provider order is execution order: the rate limiter keys on the principal the auth guard attached.
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_GUARD, useClass: RateLimitGuard },
      { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    ];
    return {
      module: SecurityModule,
      global: true,
      // Every service administers its own integrator keys and verifies its own audit trail.
      controllers: [ApiKeysAdminController, AuditAdminController],
      providers,
      exports: [SECURITY_OPTIONS, SECURITY_CLOCK, AUDIT_TRAIL, API_KEY_STORE, LIMITS, JwtVerifier, Authenticator, RATE_LIMITER],
    };
  }
}
