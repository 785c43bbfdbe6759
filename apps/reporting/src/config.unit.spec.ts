import { composeProblems } from '@fpi/platform';
import { readCompose, readComposeInitSql } from '@fpi/testing';
import { reportingConfigSchema } from './config';

describe('reporting configuration in docker-compose.yml', () => {
  it('sets every required variable, only known ones, valid values, its port, and reachable hosts', () => {
    expect(composeProblems('reporting', readCompose().services, reportingConfigSchema, readComposeInitSql())).toEqual([]);
  });

  it('notices a broken entry (the check can fail)', () => {
    const services = readCompose().services;
    const broken = { ...services, reporting: { ...services['reporting']!, environment: { ...services['reporting']!.environment, DATABASE_URL: 'postgres://elsewhere/x', TYPO_VAR: '1' } } };
    expect(composeProblems('reporting', broken, reportingConfigSchema, readComposeInitSql())).toEqual(
      expect.arrayContaining(['TYPO_VAR is not a variable of reporting', 'host elsewhere is not a compose service']),
    );
  });
});
