import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './processes';

export interface ComposeService {
  build?: { dockerfile: string; args: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: string[];
}

/** docker-compose.yml, parsed: it cannot run here (no Docker engine), so tests check its wiring instead. */
export function readCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
}

export function readComposeInitSql(): string {
  return readFileSync(path.join(repoRoot, 'deploy/docker/postgres-init.sql'), 'utf8');
}
