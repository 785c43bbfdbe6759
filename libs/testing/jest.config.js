module.exports = require('../../jest.preset.js')('libs/testing', 'testing');
