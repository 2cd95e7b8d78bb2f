import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const PREFLIGHT = join(REPO_ROOT, 'dev', 'require-node.cjs');
const runFile = promisify(execFile);

const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const FLOOR = Number(/(\d+)/.exec(packageJson.engines.node)?.[1]);

const majorOf = (node: string): number => {
  try {
    return Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }));
  } catch {
    return Number.NaN;
  }
};

/** A Node.js older than the floor on this machine (the system's, as `which -a node` lists it), if any. */
const oldNodeDirectory = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'].find(
  (directory) => existsSync(join(directory, 'node')) && majorOf(join(directory, 'node')) < FLOOR,
);

/** Runs a command to its end and keeps what it said, whatever its exit code. */
const runToEnd = async (command: string, args: string[], env: NodeJS.ProcessEnv) => {
  try {
    const { stdout, stderr } = await runFile(command, args, { cwd: REPO_ROOT, env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
};

/** The preflight as a Node.js of another version would run it: this one, reporting `version`. */
const asIfVersion = (version: string) =>
  runToEnd(
    process.execPath,
    [
      '-e',
      `Object.defineProperty(process.versions, 'node', { value: '${version}' }); require(${JSON.stringify(PREFLIGHT)})`,
    ],
    process.env,
  );

describe('the Node.js floor', () => {
  it('is the same in package.json engines and .nvmrc', () => {
    // Act
    const nvmrc = readFileSync(join(REPO_ROOT, '.nvmrc'), 'utf8').trim();

    // Assert
    expect(packageJson.engines.node).toBe(`^${nvmrc}.20.0 || >=26.7.0`);
    expect(FLOOR).toBeGreaterThanOrEqual(24);
  });

  it.each([
    ['24.0.0', 'stops'],
    ['24.19.0', 'stops'],
    ['24.20.0', 'goes on'],
    ['24.21.0', 'goes on'],
    ['25.9.0', 'stops'],
    ['26.6.0', 'stops'],
    ['26.7.0', 'goes on'],
    ['27.1.0', 'goes on'],
  ])('on Node.js %s %s', async (version, verdict) => {
    // Act
    const { code, stderr } = await asIfVersion(version);

    // Assert
    expect({ code, silent: stderr === '' }).toEqual(
      verdict === 'stops' ? { code: 1, silent: false } : { code: 0, silent: true },
    );
  });

  it('refuses a Node.js between the ranges in one plain sentence naming the fix', async () => {
    // Act
    const { stderr } = await asIfVersion('25.9.0');

    // Assert
    expect(stderr).toBe(
      'which50-import-webhook needs Node.js 24.20.0 or a later 24.x, or 26.7.0 or newer, but this is Node.js 25.9.0: install the latest Node.js 24 (for example `nvm install`, which reads .nvmrc) and run the command again.\n',
    );
  });

  it.each(['start', 'test', 'bench'])('is checked first by npm %s', (script) => {
    // Act
    const command = packageJson.scripts[script];

    // Assert
    expect(command?.startsWith('node dev/require-node.cjs && ')).toBe(true);
  });

  it('lets the Node.js running this suite through, silently', async () => {
    // Act
    const { code, stdout, stderr } = await runToEnd(process.execPath, [PREFLIGHT], process.env);

    // Assert
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe.runIf(oldNodeDirectory !== undefined)('on a Node.js older than the floor', () => {
  const oldNodeEnv = { ...process.env, PATH: `${oldNodeDirectory}${delimiter}${process.env.PATH ?? ''}` };

  it.each(['start', 'test', 'bench'])('npm %s stops at once with one plain sentence naming the fix', async (script) => {
    // Act
    const { code, stderr } = await runToEnd('npm', ['run', script], oldNodeEnv);

    // Assert
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^which50-import-webhook needs Node\\.js ${FLOOR}\\.\\d+\\.\\d+ or a later ${FLOOR}\\.x, .*, but this is Node\\.js \\d+\\.\\d+\\.\\d+: install the latest Node\\.js ${FLOOR} .*\\.$`,
        ),
      ),
    ]);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
