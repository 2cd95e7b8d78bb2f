/**
 * The commands README.md and docs/ show, as the docs test reads them. The convention (written up
 * in docs/development.md): a fenced block with info string `sh` is run with bash from the
 * repository root against a local server (`localhost:3000` is the test's port), must exit 0, and
 * each `curl` in it must get a 2xx, or the status a `# expect: NNN` line in the block names; a
 * block that runs `npm start` must start a server that listens and warns of nothing; a block with
 * info string `sh aws` needs an AWS account and is only checked to run known programs.
 */

import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** README.md and every page under docs/ of the repository at `root`, pages added later included. */
const documentedPages = async (root: string): Promise<string[]> => {
  const entries = await readdir(join(root, 'docs'), { recursive: true, withFileTypes: true }).catch(() => []);
  const docs = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
  return ['README.md', ...docs.toSorted()];
};

interface DocumentedBlock {
  readonly page: string;
  readonly line: number;
  readonly kind: 'sh' | 'sh aws';
  readonly script: string;
  /** `page:line first command`, to name the block in a test. */
  readonly label: string;
}

const FENCE = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;

/** The script's commands: continuation lines joined, comments and blank lines left out. */
const commandsOf = (script: string): string[] =>
  script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

/** Every `sh` and `sh aws` block of a page, with the line its fence opens on. */
const documentedBlocks = (page: string, markdown: string): DocumentedBlock[] =>
  [...markdown.matchAll(FENCE)].flatMap((match) => {
    const info = (match[1] ?? '').trim().replace(/\s+/g, ' ');
    if (info !== 'sh' && info !== 'sh aws') return [];
    const script = match[2] ?? '';
    const line = markdown.slice(0, match.index).split('\n').length;
    const first = commandsOf(script)[0] ?? '';
    const brief = first.length > 60 ? `${first.slice(0, 57)}...` : first;
    return [{ page, line, kind: info, script, label: `${page}:${line} ${brief}` }];
  });

/** The script aimed at the test's port instead of the documented 3000. */
const onPort = (script: string, port: number): string =>
  script.replace(/\b(localhost|127\.0\.0\.1):3000\b/g, `$1:${port}`).replace(/\bPORT=\d+\b/g, `PORT=${port}`);

/** True for a block that starts the local server (and so does not end by itself). */
const isServerBlock = (block: DocumentedBlock): boolean =>
  commandsOf(block.script).some((command) => /(^|[\s;&|])npm start\b/.test(command));

/** The status every `curl` of the block must get: the one a `# expect: NNN` line names, else any 2xx. */
const expectedStatusOf = (block: DocumentedBlock): ((status: number) => boolean) => {
  const named = /^\s*# expect: (\d{3})\b/m.exec(block.script)?.[1];
  return named === undefined ? (status) => status >= 200 && status < 300 : (status) => status === Number(named);
};

/** Programs an `sh aws` block may run: the CDK and AWS CLIs, npm scripts, and a few plain tools. */
const KNOWN_PROGRAMS = [
  'npx cdk',
  'aws',
  'npm run',
  'curl',
  'rm',
  'cat',
  'echo',
  'export',
  'jq',
  'openssl',
  'bash examples/',
];

/** `NAME=value ` assignments before a command (values plain, quoted, or `$(...)`). */
const ASSIGNMENTS = /^(?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"[^"]*"|\$\([^)]*\)|[^\s'"]*)\s+)+/;
const CAPTURE = /^[A-Za-z_][A-Za-z0-9_]*="?\$\((.*)\)"?$/;

/** What is wrong with an `sh aws` block: commands of unknown programs, or npm scripts that do not exist. */
const awsCommandProblems = (block: DocumentedBlock, scripts: readonly string[]): string[] =>
  commandsOf(block.script).flatMap((line) => {
    const command = CAPTURE.exec(line)?.[1] ?? `${line} `.replace(ASSIGNMENTS, '').trim();
    if (command === '') return [];
    if (
      !KNOWN_PROGRAMS.some(
        (program) =>
          command === program ||
          command.startsWith(`${program} `) ||
          (program.endsWith('/') && command.startsWith(program)),
      )
    ) {
      return [`not a known program: ${command}`];
    }
    const script = /^npm run ([\w:-]+)/.exec(command)?.[1];
    return script === undefined || scripts.includes(script) ? [] : [`no npm script named ${script}`];
  });

export {
  awsCommandProblems,
  type DocumentedBlock,
  documentedBlocks,
  documentedPages,
  expectedStatusOf,
  isServerBlock,
  onPort,
};
