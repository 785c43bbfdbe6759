// One Jest run over every project; `npm test` (tools/scripts/test.mjs) drives it with the real services up.
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs']
  .flatMap((dir) => readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name)))
  .concat([path.join(__dirname, 'test')])
  .filter((dir) => existsSync(path.join(dir, 'jest.config.js')));

/** @type {import('jest').Config} */
module.exports = { projects };
