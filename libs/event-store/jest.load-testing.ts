import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `@fpi/testing` for Jest's global hooks, which run outside Jest's module mapper: the alias is
 * resolved through tsconfig.base.json's paths, the way jest.preset.js maps it for test files.
 */
export async function loadTestingLibrary(): Promise<typeof import('@fpi/testing')> {
  const root = join(__dirname, '../..');
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const target = compilerOptions.paths['@fpi/testing']?.[0];
  if (!target) throw new Error('tsconfig.base.json has no path for @fpi/testing');
  return (await import(join(root, target))) as typeof import('@fpi/testing');
}
