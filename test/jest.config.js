module.exports = require('../jest.preset.js')('test', 'e2e');
