module.exports = require('../../jest.preset.js')('libs/event-store', 'event-store');
