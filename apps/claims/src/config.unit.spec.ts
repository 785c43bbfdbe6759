import { Topics } from '@fpi/contracts';
import { composeProblems, loadConfig } from '@fpi/platform';
import { readCompose, readComposeInitSql } from '@fpi/testing';
import { BACKGROUND_WORKER_NAMES, checkClaimsConfig, claimsConfigSchema, parseBackgroundWorkers } from './config';

describe('claims configuration in docker-compose.yml', () => {
  it('sets every required variable, only known ones, valid values, its port, and reachable hosts', () => {
    expect(composeProblems('claims', readCompose().services, claimsConfigSchema, readComposeInitSql())).toEqual([]);
  });

  it('notices a broken entry (the check can fail)', () => {
    const services = readCompose().services;
    const broken = { ...services, claims: { ...services['claims']!, environment: { ...services['claims']!.environment, DATABASE_URL: 'postgres://elsewhere/x', TYPO_VAR: '1' } } };
    expect(composeProblems('claims', broken, claimsConfigSchema, readComposeInitSql())).toEqual(
      expect.arrayContaining(['TYPO_VAR is not a variable of claims', 'host elsewhere is not a compose service']),
    );
  });
});

describe('claims configuration rules across variables', () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/claims' };

  it('defaults to the PostgreSQL event store and the contract topics', () => {
    const config = checkClaimsConfig(loadConfig(claimsConfigSchema, base));
    expect(config).toMatchObject({ EVENT_STORE: 'postgres', EVENT_STORE_DATABASE_URL: '', CLAIM_EVENTS_TOPIC: Topics.claimEvents, SETTLEMENTS_TOPIC: Topics.settlements });
  });

  it('requires KURRENTDB_URL with EVENT_STORE=kurrentdb, in one clear line', () => {
    expect(() => checkClaimsConfig(loadConfig(claimsConfigSchema, { ...base, EVENT_STORE: 'kurrentdb' }))).toThrow(
      'KURRENTDB_URL is required when EVENT_STORE=kurrentdb (e.g. KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false)',
    );
    expect(checkClaimsConfig(loadConfig(claimsConfigSchema, { ...base, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' })).EVENT_STORE).toBe('kurrentdb');
  });
});

describe('BACKGROUND_WORKERS', () => {
  it('reads all, none, or a list of worker names (spaces and case ignored)', () => {
    expect([...parseBackgroundWorkers('all')!]).toEqual([...BACKGROUND_WORKER_NAMES]);
    expect([...parseBackgroundWorkers(' NONE ')!]).toEqual([]);
    expect([...parseBackgroundWorkers('relay, queue')!]).toEqual(['relay', 'queue']);
    expect(parseBackgroundWorkers('relay,projector')).toBeUndefined();
    expect(parseBackgroundWorkers('')).toBeUndefined();
  });

  it('refuses an unknown worker at start, naming the ones there are', () => {
    expect(() => checkClaimsConfig(loadConfig(claimsConfigSchema, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/claims', BACKGROUND_WORKERS: 'relay,projector' }))).toThrow(
      /BACKGROUND_WORKERS.*policy-view, read-models, queue, deadlines, relay.*relay,projector/,
    );
    expect(checkClaimsConfig(loadConfig(claimsConfigSchema, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/claims' })).BACKGROUND_WORKERS).toBe('all');
  });
});
