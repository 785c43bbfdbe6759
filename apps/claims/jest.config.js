module.exports = require('../../jest.preset.js')('apps/claims', 'claims');
