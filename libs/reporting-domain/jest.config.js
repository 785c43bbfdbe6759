module.exports = require('../../jest.preset.js')('libs/reporting-domain', 'reporting-domain');
