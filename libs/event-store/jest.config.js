const base = require('../../jest.preset.js')('libs/event-store', 'event-store');

module.exports = {
  ...base,
  // KurrentDB is resolved once per run (see jest.global-setup.ts).
  globalSetup: '<rootDir>/jest.global-setup.ts',
  globalTeardown: '<rootDir>/jest.global-teardown.ts',
};
