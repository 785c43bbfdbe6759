import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@fpi/testing';

/**
 * The boundaries rule silently disables itself when Nx has no project graph ("No cached ProjectGraph is
 * available. The rule will be skipped."), so this test proves it actually fires on forbidden imports.
 */
describe('module boundaries are enforced by lint', () => {
  const probeDir = path.join(repoRoot, 'libs/claims-domain/src/__lint_probe__');
  const lint = (file: string) => {
    const r = spawnSync(path.join(repoRoot, 'node_modules/.bin/eslint'), ['--no-warn-ignored', file], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  beforeAll(() => {
    const graph = spawnSync(path.join(repoRoot, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    expect(graph.status).toBe(0);
    mkdirSync(probeDir, { recursive: true });
  });
  afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

  it.each([
    ['a domain library importing Nest', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n", /not allowed to import "@nestjs\/common"/],
    ['a domain library importing pg', "import { Pool } from 'pg';\nexport const x = Pool;\n", /not allowed to import "pg"/],
    ['a domain library importing an infrastructure library', "import { KafkaPublisher } from '@fpi/messaging';\nexport const x = KafkaPublisher;\n", /type:domain.*can only depend on libs tagged with "type:domain", "type:contracts"/s],
    ['the claims domain importing the enrollment domain', "import * as e from '@fpi/enrollment-domain';\nexport const x = e;\n", /scope:claims.*can only depend on libs tagged with "scope:claims", "scope:shared"/s],
  ])('fails on %s', (_what, source, message) => {
    const file = path.join(probeDir, `probe-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, source);
    const r = lint(file);
    expect(r.output).not.toContain('will be skipped');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(message);
  }, 60_000);

  it('passes on an allowed import', () => {
    const file = path.join(probeDir, 'allowed.ts');
    writeFileSync(file, "import { maskIdNumber } from '@fpi/contracts';\nexport const x = maskIdNumber;\n");
    const r = lint(file);
    expect(r.output).not.toContain('will be skipped');
    expect(r.status).toBe(0);
  }, 60_000);
});
