import { loadTestingLibrary } from './jest.load-testing';

/** Stops a KurrentDB container that global setup may have started (testcontainers, where Docker exists). */
export default async function globalTeardown(): Promise<void> {
  await (await loadTestingLibrary()).stopTestContainers();
}
