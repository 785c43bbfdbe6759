import { composeProblems } from '@fpi/platform';
import { readCompose, readComposeInitSql } from '@fpi/testing';
import { enrollmentConfigSchema } from './config';

describe('enrollment configuration in docker-compose.yml', () => {
  it('sets every required variable, only known ones, valid values, its port, and reachable hosts', () => {
    expect(composeProblems('enrollment', readCompose().services, enrollmentConfigSchema, readComposeInitSql())).toEqual([]);
  });

  it('notices a broken entry (the check can fail)', () => {
    const services = readCompose().services;
    const broken = { ...services, enrollment: { ...services['enrollment']!, environment: { ...services['enrollment']!.environment, DATABASE_URL: 'postgres://elsewhere/x', TYPO_VAR: '1' } } };
    expect(composeProblems('enrollment', broken, enrollmentConfigSchema, readComposeInitSql())).toEqual(
      expect.arrayContaining(['TYPO_VAR is not a variable of enrollment', 'host elsewhere is not a compose service']),
    );
  });
});
