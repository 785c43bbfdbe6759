// Shared Jest settings: SWC transpiles TypeScript (with decorator metadata for Nest DI),
// and the workspace's tsconfig path aliases are mapped so that tests import libraries by name.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);

/** @returns {import('jest').Config} */
module.exports = function jestProject(projectRoot, displayName) {
  return {
    displayName,
    rootDir: path.join(root, projectRoot),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    setupFiles: [path.join(root, 'jest.setup.js')],
  };
};
