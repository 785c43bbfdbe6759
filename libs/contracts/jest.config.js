module.exports = require('../../jest.preset.js')('libs/contracts', 'contracts');
