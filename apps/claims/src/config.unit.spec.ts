import { composeProblems } from '@fpi/platform';
import { readCompose, readComposeInitSql } from '@fpi/testing';
import { claimsConfigSchema } from './config';

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
