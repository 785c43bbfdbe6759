module.exports = require('../../jest.preset.js')('apps/enrollment', 'enrollment');
