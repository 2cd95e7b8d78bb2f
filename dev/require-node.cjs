'use strict';
/**
 * Run first by `npm start`, `npm test` and `npm run bench`: a Node.js that package.json's
 * "engines" does not take stops here with one plain sentence, instead of failing minutes later
 * with a crash that names no cause. "engines" is the floor (`^24`, as in .nvmrc) and the majors
 * from which the suite passes again (`>=26`). Node.js 25, end of life since June 2026, reports a
 * request as finished where 24 and 26 report the connection's failure first (a kept-alive
 * connection the server had reset, a TLS handshake that failed), so the upstream client must count
 * such a request as possibly received and answer 502 where it would have resent it. It is plain
 * CommonJS with no recent syntax on purpose, so that an old Node.js can parse and run it.
 */
const engines = require('../package.json').engines.node;
const ranges = engines.split('||').map((range) => {
  const [, operator, major] = /^\s*(\^|>=)(\d+)/.exec(range);
  return { exact: operator === '^', major: Number(major) };
});
const floor = Math.min(...ranges.map((range) => range.major));
const running = process.versions.node;
const major = Number(running.split('.')[0]);

if (!ranges.some((range) => (range.exact ? major === range.major : major >= range.major))) {
  const fix = `install Node.js ${floor} (for example \`nvm install\`, which reads .nvmrc) and run the command again`;
  const why =
    major < floor
      ? `needs Node.js ${floor} or newer, but this is Node.js ${running}`
      : `does not run on Node.js ${running}, which is end of life (package.json "engines": ${engines})`;
  process.stderr.write(`which50-import-webhook ${why}: ${fix}.\n`);
  process.exit(1);
}
