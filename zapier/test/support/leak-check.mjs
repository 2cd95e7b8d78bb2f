import { format } from 'node:util';
import { afterEach, beforeEach, expect } from 'vitest';
import { SECRET_VALUES } from './test-secrets.mjs';

/**
 * The leak check, run before every test file: what a test writes to stdout, stderr and `console`
 * (the adapter's log lines, the platform's own logging) is withheld and searched for every
 * credential the suite uses; a hit fails the test. The withheld lines are shown, masked, when a
 * test fails.
 */
let written;

const mask = (text) => SECRET_VALUES.reduce((masked, value) => masked.split(value).join('***'), text);

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    if (written === undefined) return write(chunk, ...rest);
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((argument) => typeof argument === 'function');
    if (callback !== undefined) process.nextTick(callback, null);
    return true;
  };
}

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  const original = console[method].bind(console);
  console[method] = (...args) => (written === undefined ? original(...args) : written.push(`${format(...args)}\n`));
}

beforeEach(() => {
  written = [];
});

afterEach((context) => {
  const output = written.join('');
  written = undefined;
  if (context.task.result?.state === 'fail') process.stderr.write(mask(output));
  const leaked = SECRET_VALUES.filter((value) => output.includes(value));
  expect(leaked.map(mask), 'credentials written to stdout or stderr').toEqual([]);
});
