import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, eventually, freePort, PrivateKafkaBroker, startServiceProcess, type ServiceProcess, type TestDatabase } from '@fpi/testing';
import { bearer, devToken } from '../support/tokens';

/**
 * The three services as real processes on a real broker of their own (so that this test can stop and
 * restart it without disturbing other suites): a message published by enrollment reaches reporting, and
 * readiness follows the broker down and up again, naming the dependency that is down.
 */
describe('wiring: three services, one real broker', () => {
  const names = ['enrollment', 'claims', 'reporting'] as const;
  let broker: PrivateKafkaBroker;
  let kafkaDir: string;
  const dbs: TestDatabase[] = [];
  const services: Partial<Record<(typeof names)[number], ServiceProcess>> = {};

  beforeAll(async () => {
    kafkaDir = mkdtempSync(path.join(tmpdir(), 'fpi-kafka-e2e-'));
    broker = new PrivateKafkaBroker(await freePort(), await freePort(), kafkaDir);
    await broker.start();
    for (const name of names) {
      const db = await createTestDatabase(`e2e_wiring_${name}`);
      dbs.push(db);
      services[name] = await startServiceProcess(name, { DATABASE_URL: db.url, KAFKA_BROKERS: broker.brokers });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s?.stop()));
    await broker?.stop();
    await Promise.all(dbs.map((d) => d.drop()));
    if (kafkaDir) rmSync(kafkaDir, { recursive: true, force: true });
  }, 60_000);

  const readiness = async (s: ServiceProcess) => {
    const r = await fetch(`${s.url}/health/ready`);
    return { status: r.status, body: (await r.json()) as { status: string; dependencies: Record<string, { status: string; reason?: string }> } };
  };

  const admin = bearer(devToken('admin'));

  const sendProbeAndAwaitReceipt = async () => {
    const sent = await fetch(`${services.enrollment!.url}/diagnostics/probes`, { method: 'POST', headers: admin });
    expect(sent.status).toBe(202);
    const { probeId } = (await sent.json()) as { probeId: string };
    const receipt = await eventually(async () => {
      const r = await fetch(`${services.reporting!.url}/diagnostics/probes/${probeId}`, { headers: admin });
      return r.status === 200 ? ((await r.json()) as { probeId: string; sentBy: string; topic: string }) : undefined;
    }, `probe ${probeId} to reach reporting`, 60_000);
    return { probeId, receipt };
  };

  it('reports ready on all three services when PostgreSQL and Kafka answer', async () => {
    for (const name of names) {
      const r = await eventually(async () => {
        const x = await readiness(services[name]!);
        return x.status === 200 ? x : undefined;
      }, `${name} to be ready`, 30_000);
      expect(r.body).toEqual({ status: 'ready', dependencies: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    }
  }, 60_000);

  it('refuses the diagnostics route without a token (every route is behind the guard)', async () => {
    const r = await fetch(`${services.enrollment!.url}/diagnostics/probes`, { method: 'POST' });
    expect(r.status).toBe(401);
  });

  it('delivers a message published by enrollment to reporting over the real topic', async () => {
    const { probeId, receipt } = await sendProbeAndAwaitReceipt();
    expect(receipt).toMatchObject({ probeId, sentBy: 'enrollment', topic: 'fpi.platform.diagnostics.v1' });
  }, 90_000);

  it('turns readiness red with the reason when the broker stops, and green again after it restarts', async () => {
    await broker.stop();
    for (const name of names) {
      const down = await eventually(async () => {
        const x = await readiness(services[name]!);
        return x.status === 503 ? x : undefined;
      }, `${name} to report kafka down`, 30_000);
      expect(down.body.status).toBe('not_ready');
      expect(down.body.dependencies['postgres']).toEqual({ status: 'up' });
      expect(down.body.dependencies['kafka']?.status).toBe('down');
      expect(down.body.dependencies['kafka']?.reason).toContain(broker.brokers);
    }

    await broker.start();
    for (const name of names) {
      await eventually(async () => ((await readiness(services[name]!)).status === 200 ? true : undefined), `${name} to be ready again`, 60_000);
    }
    // And the pipeline works again end to end, with the same consumer group and topics.
    const { receipt } = await sendProbeAndAwaitReceipt();
    expect(receipt.sentBy).toBe('enrollment');
  }, 240_000);
});
