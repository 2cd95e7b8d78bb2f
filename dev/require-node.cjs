'use strict';
/**
 * Run first by `npm start`, `npm test` and `npm run bench`: a Node.js older than the floor in
 * package.json's "engines" stops here with one plain sentence, instead of failing minutes later
 * with a crash that names no cause. It is plain CommonJS with no recent syntax on purpose, so that
 * an old Node.js can parse and run it.
 */
const floor = Number(/(\d+)/.exec(require('../package.json').engines.node)[1]);
const running = process.versions.node;

if (Number(running.split('.')[0]) < floor) {
  const fix = `install Node.js ${floor} (for example \`nvm install\`, which reads .nvmrc) and run the command again`;
  process.stderr.write(
    `which50-import-webhook needs Node.js ${floor} or newer, but this is Node.js ${running}: ${fix}.\n`,
  );
  process.exit(1);
}
