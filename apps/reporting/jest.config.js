module.exports = require('../../jest.preset.js')('apps/reporting', 'reporting');
