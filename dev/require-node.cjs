'use strict';
/**
 * Run first by `npm start`, `npm test` and `npm run bench`: a Node.js that package.json's
 * "engines" does not take stops here with one plain sentence, instead of failing minutes later
 * with a crash that names no cause. "engines" is `^24.20.0 || >=26.7.0`: before 24.20.0 (25 and
 * 26.0 to 26.6 alike), Node's HTTP client reports a request as finished where later releases
 * report the connection's failure first (a kept-alive connection the server had reset, a TLS
 * handshake that failed), so the upstream client must count such a request as possibly received
 * and answer 502 where it would have resent it. It is plain CommonJS with no recent syntax on
 * purpose, so that an old Node.js can parse and run it.
 */
const engines = require('../package.json').engines.node;

/** `[major, minor, patch]` of a version such as `24.20.0`. */
const partsOf = (version) => version.split('.').map(Number);
const atLeast = (version, least) => {
  const [a, b] = [partsOf(version), partsOf(least)];
  for (let index = 0; index < 3; index += 1) if (a[index] !== b[index]) return a[index] > b[index];
  return true;
};

const ranges = engines.split('||').map((range) => {
  const [, operator, least] = /^\s*(\^|>=)(\d+\.\d+\.\d+)/.exec(range);
  return { sameMajor: operator === '^', least };
});
const running = process.versions.node;
const takes = ({ sameMajor, least }) =>
  atLeast(running, least) && (!sameMajor || partsOf(running)[0] === partsOf(least)[0]);

if (!ranges.some(takes)) {
  const wanted = ranges
    .map(({ sameMajor, least }) => (sameMajor ? `${least} or a later ${partsOf(least)[0]}.x` : `${least} or newer`))
    .join(', or ');
  const fix = `install the latest Node.js ${partsOf(ranges[0].least)[0]} (for example \`nvm install\`, which reads .nvmrc) and run the command again`;
  process.stderr.write(`which50-import-webhook needs Node.js ${wanted}, but this is Node.js ${running}: ${fix}.\n`);
  process.exit(1);
}
