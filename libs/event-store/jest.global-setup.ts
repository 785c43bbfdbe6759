import { loadTestingLibrary } from './jest.load-testing';

/**
 * Resolves KurrentDB once per run, before test files are collected: Jest has to know at collection
 * time whether the KurrentDB leg runs (a test cannot skip itself later). The answer reaches the
 * workers through the environment: KURRENTDB_URL, or FPI_KURRENTDB_SKIPPED with the reason.
 */
export default async function globalSetup(): Promise<void> {
  const kurrent = await (await loadTestingLibrary()).resolveKurrentDb();
  if ('url' in kurrent) process.env['KURRENTDB_URL'] = kurrent.url;
  else process.env['FPI_KURRENTDB_SKIPPED'] = kurrent.skipped;
}
