// Writes project.json / tsconfig.json / jest.config.js for each workspace project (idempotent, keeps existing files).
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const projects = [
  ['apps/enrollment', 'enrollment', 'application', ['scope:enrollment', 'type:app']],
  ['apps/claims', 'claims', 'application', ['scope:claims', 'type:app']],
  ['apps/reporting', 'reporting', 'application', ['scope:reporting', 'type:app']],
  ['libs/contracts', 'contracts', 'library', ['scope:shared', 'type:contracts']],
  ['libs/platform', 'platform', 'library', ['scope:shared', 'type:infra']],
  ['libs/messaging', 'messaging', 'library', ['scope:shared', 'type:infra']],
  ['libs/event-store', 'event-store', 'library', ['scope:shared', 'type:infra']],
  ['libs/testing', 'testing', 'library', ['scope:shared', 'type:testing']],
  ['libs/claims-domain', 'claims-domain', 'library', ['scope:claims', 'type:domain']],
  ['libs/enrollment-domain', 'enrollment-domain', 'library', ['scope:enrollment', 'type:domain']],
  ['libs/reporting-domain', 'reporting-domain', 'library', ['scope:reporting', 'type:domain']],
  ['test', 'e2e', 'application', ['scope:shared', 'type:e2e']],
];

const write = (file, content) => {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
};

for (const [root, name, projectType, tags] of projects) {
  const up = path.relative(root, '.') || '.';
  const targets = {
    lint: { executor: 'nx:run-commands', options: { command: `eslint ${root} --max-warnings=0` } },
    typecheck: { executor: 'nx:run-commands', options: { command: `tsc -p ${root}/tsconfig.json --noEmit` } },
    test: {
      executor: 'nx:run-commands',
      options: { command: `jest --config ${root}/jest.config.js --passWithNoTests` },
    },
  };
  if (projectType === 'application' && name !== 'e2e') {
    targets.build = {
      executor: 'nx:run-commands',
      outputs: [`{workspaceRoot}/dist/apps/${name}`],
      options: { command: `node tools/scripts/build.mjs ${name}` },
    };
  }
  write(
    `${root}/project.json`,
    JSON.stringify(
      { name, $schema: `${up}/node_modules/nx/schemas/project-schema.json`, sourceRoot: name === 'e2e' ? root : `${root}/src`, projectType, tags, targets },
      null,
      2,
    ) + '\n',
  );
  write(
    `${root}/tsconfig.json`,
    JSON.stringify(
      { extends: `${up}/tsconfig.base.json`, compilerOptions: { noEmit: true, types: ['node', 'jest'] }, include: ['**/*.ts'] },
      null,
      2,
    ) + '\n',
  );
  write(`${root}/jest.config.js`, `module.exports = require('${up}/jest.preset.js')('${root}', '${name}');\n`);
}
