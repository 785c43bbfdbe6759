// Compiles a service (and the libraries it may import) with SWC into dist/<service>/, rewriting the
// workspace's path aliases to relative imports and emitting decorator metadata for Nest's DI.
// Type checking is separate (`npm run typecheck`): SWC only transpiles, which keeps builds to seconds.
// Usage: node tools/scripts/build.mjs [enrollment|claims|reporting ...]   (no argument: all three)
import { transformFile } from '@swc/core';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { compilerOptions } = JSON.parse(await readFile(path.join(root, 'tsconfig.base.json'), 'utf8'));
const services = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['enrollment', 'claims', 'reporting'];

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const swcOptions = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    baseUrl: root,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

for (const service of services) {
  const started = Date.now();
  const out = path.join(root, 'dist', service);
  await rm(out, { recursive: true, force: true });
  const dirs = [path.join(root, 'apps', service, 'src'), ...(await readdir(path.join(root, 'libs'))).map((l) => path.join(root, 'libs', l, 'src'))];
  let files = 0;
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for await (const file of sources(dir)) {
      const rel = path.relative(root, file);
      const target = path.join(out, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await transformFile(file, { ...swcOptions, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) await writeFile(`${target}.map`, map);
      files++;
    }
  }
  await writeFile(path.join(out, 'main.js'), `require('./apps/${service}/src/main.js');\n`);
  console.log(`build: ${service} -> dist/${service}/main.js (${files} files, ${Date.now() - started} ms)`);
}
