module.exports = require('../../jest.preset.js')('libs/claims-domain', 'claims-domain');
