const authentication = require('./authentication');
const { includeApiKey } = require('./adapter-client');
const runImportJob = require('./creates/run-import-job');
const runImportJobAndWait = require('./creates/run-import-job-and-wait');

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,

  authentication,
  beforeRequest: [includeApiKey],
  afterResponse: [],

  triggers: {},
  searches: {},
  creates: {
    [runImportJob.key]: runImportJob,
    [runImportJobAndWait.key]: runImportJobAndWait,
  },
  resources: {},
};
