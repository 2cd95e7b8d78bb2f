import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/synth-stack';

const runFile = promisify(execFile);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the project root, resolving with its exit code rather than rejecting. */
const run = async (file: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> => {
  try {
    const { stdout, stderr } = await runFile(file, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
};

const STACK_TRACE_LINE = /^\s+at /m;

describe('the CDK app entry (infra/app.ts)', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'which50-app-'));
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The app as the CDK CLI starts it: context and output directory in the environment. */
  const runApp = (context: Record<string, unknown>) =>
    run(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/app.ts'], {
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
      CDK_OUTDIR: outdir,
    });

  it('stops a misspelled context key with one line naming it and the nearest key, and exit code 1', async () => {
    // Act
    const { code, stdout, stderr } = await runApp({ reservedConcurency: '10' });

    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('Invalid context: unknown key "reservedConcurency" (did you mean "reservedConcurrency"?).\n');
  });

  it('stops a bad value the same way, naming the key and its rule', async () => {
    // Act
    const { code, stderr } = await runApp({ stage: 'dev_1', reservedConcurrency: 'lots' });

    // Assert
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'Invalid context: stage: must be 1 to 32 letters, digits or hyphens, not starting with a hyphen; reservedConcurrency: must be a whole number, or none.',
    ]);
  });

  it('synthesizes a good context and exits 0', async () => {
    // Act
    const { code, stderr } = await runApp({ stage: 'dev' });

    // Assert
    expect(stderr).not.toMatch(STACK_TRACE_LINE);
    expect(code).toBe(0);
  });
});

describe('npx cdk synth with a misspelled context key', () => {
  it('shows the one plain sentence, no stack trace, and fails', async () => {
    // Arrange
    const outdir = mkdtempSync(path.join(tmpdir(), 'which50-cdk-'));

    // Act
    const { code, stderr } = await run('npx', ['cdk', 'synth', '-c', 'reservedConcurency=10', '-o', outdir, '--quiet']);
    rmSync(outdir, { recursive: true, force: true });

    // Assert
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      'Invalid context: unknown key "reservedConcurency" (did you mean "reservedConcurrency"?).',
    );
    expect(stderr).not.toMatch(STACK_TRACE_LINE);
  });
});
