import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  inheritedEnvironment,
  type NpmStart,
  REPO_ROOT,
  startNpmStart,
  startServerCommand,
} from '../support/npm-start';
import {
  awsCommandProblems,
  type DocumentedBlock,
  documentedBlocks,
  documentedPages,
  expectedStatusOf,
  isServerBlock,
  onPort,
} from './documented-blocks';

const runFile = promisify(execFile);
const { scripts } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

const blocks: DocumentedBlock[] = [];
for (const page of await documentedPages(REPO_ROOT)) {
  blocks.push(...documentedBlocks(page, await readFile(join(REPO_ROOT, page), 'utf8')));
}

/**
 * Stand-ins put first on the blocks' PATH: `curl` reports each answer's status on stderr (unless
 * the caller writes its own `--write-out`, as the example scripts do, which check it themselves);
 * `npm install`/`npm ci` do nothing (the tree is installed), and `npm test` and `npm run bench`
 * are only checked to be scripts (the first is this suite, the second has tests of its own).
 */
const writeShims = async (directory: string): Promise<void> => {
  const realCurl = execFileSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
  const realNpm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  const curl = `#!/usr/bin/env bash
for argument in "$@"; do
  case "$argument" in -w|--write-out|--write-out=*) exec '${realCurl}' "$@";; esac
done
exec '${realCurl}' "$@" --write-out '%{stderr}\\ncurl-status: %{http_code}\\n'
`;
  const npm = `#!/usr/bin/env bash
script="$1"; [ "$1" = run ] && script="$2"
case "$script" in
  install|i|ci) echo "(dependencies already installed)"; exit 0;;
  test|bench)
    node -e 'process.exit(require("./package.json").scripts[process.argv[1]] ? 0 : 1)' "$script" || exit 1
    echo "(npm $script: a script of package.json, not run here)"; exit 0;;
esac
exec '${realNpm}' "$@"
`;
  await writeFile(join(directory, 'curl'), curl);
  await writeFile(join(directory, 'npm'), npm);
  await Promise.all([chmod(join(directory, 'curl'), 0o755), chmod(join(directory, 'npm'), 0o755)]);
};

describe('every command in README.md and docs/', () => {
  let shims: string;
  let server: NpmStart;

  beforeAll(async () => {
    shims = await mkdtemp(join(tmpdir(), 'docs-shims-'));
    await writeShims(shims);
    server = await startNpmStart();
    expect(await server.started).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(shims, { recursive: true, force: true });
  });

  const environment = (port: number): NodeJS.ProcessEnv => ({
    ...inheritedEnvironment(),
    PATH: `${shims}${delimiter}${process.env.PATH ?? ''}`,
    PORT: String(port),
    URL: `http://localhost:${port}`,
  });

  it('finds the documented commands', () => {
    // Assert
    expect(blocks.filter(({ kind }) => kind === 'sh').length).toBeGreaterThanOrEqual(10);
  });

  const runnable = blocks.filter(({ kind }) => kind === 'sh');
  it.each(runnable.filter((block) => !isServerBlock(block)).map((block) => [block.label, block] as const))(
    '%s: exits 0 and gets the status it says',
    async (_label, block) => {
      // Act
      const outcome = await runFile('bash', ['-eo', 'pipefail', '-c', onPort(block.script, server.port)], {
        cwd: REPO_ROOT,
        env: environment(server.port),
        timeout: 60_000,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      // Assert
      const statuses = [...outcome.stderr.matchAll(/^curl-status: (\d{3})$/gm)].map((match) => Number(match[1]));
      const expected = expectedStatusOf(block);
      expect({ code: outcome.code, stderr: outcome.code === 0 ? '' : outcome.stderr }).toEqual({ code: 0, stderr: '' });
      expect(statuses.filter((status) => !expected(status))).toEqual([]);
    },
    // A block may synthesize the stack, bundling both functions: give it the child's own limit.
    90_000,
  );

  it.each(runnable.filter(isServerBlock).map((block) => [block.label, block] as const))(
    '%s: starts a server that listens and warns of nothing',
    async (_label, block) => {
      // Arrange
      const port = await freePort();

      // Act
      const started = startServerCommand(
        ['bash', '-eo', 'pipefail', '-c', onPort(block.script, port)],
        environment(port),
      );

      // Assert
      const code = await started.started.finally(() => started.stop());
      expect({ code, stderr: started.stderr() }).toEqual({ code: undefined, stderr: '' });
    },
  );

  it.each(blocks.filter(({ kind }) => kind === 'sh aws').map((block) => [block.label, block] as const))(
    '%s: runs only known programs (npx cdk, aws, npm scripts, curl)',
    (_label, block) => {
      // Act
      const problems = awsCommandProblems(block, Object.keys(scripts));

      // Assert
      expect(problems).toEqual([]);
    },
  );
});
