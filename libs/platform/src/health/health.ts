import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/decorators';

/** A dependency whose availability decides readiness. `check` rejects with a reason when it is down. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');

export type DependencyStatus = { status: 'up' } | { status: 'down'; reason: string };

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  dependencies: Record<string, DependencyStatus>;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => { clearTimeout(t); resolve(v); },
      (e) => { clearTimeout(t); reject(e); },
    );
  });

export async function checkReadiness(probes: ReadinessProbe[], timeoutMs = 3000): Promise<ReadinessReport> {
  const entries = await Promise.all(
    probes.map(async (p): Promise<[string, DependencyStatus]> => {
      try {
        await withTimeout(p.check(), timeoutMs, p.name);
        return [p.name, { status: 'up' }];
      } catch (e) {
        return [p.name, { status: 'down', reason: (e as Error).message || String(e) }];
      }
    }),
  );
  const dependencies = Object.fromEntries(entries);
  return { status: entries.every(([, s]) => s.status === 'up') ? 'ready' : 'not_ready', dependencies };
}

/**
 * Liveness says the process can serve (never depends on others, so a broker outage does not restart every
 * pod); readiness says whether it should receive traffic, naming the dependency that is down.
 */
// Orchestrators probe without credentials; the answers carry no personal data.
@Public()
@Controller('health')
export class HealthController {
  private shuttingDown = false;
  constructor(@Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[]) {}

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  @Get('live')
  @HttpCode(200)
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await checkReadiness(this.probes);
    if (this.shuttingDown) report.status = 'not_ready';
    res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
