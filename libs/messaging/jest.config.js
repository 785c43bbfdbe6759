module.exports = require('../../jest.preset.js')('libs/messaging', 'messaging');
