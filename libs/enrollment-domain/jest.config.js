module.exports = require('../../jest.preset.js')('libs/enrollment-domain', 'enrollment-domain');
