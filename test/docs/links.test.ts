import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/npm-start';
import { documentedPages } from './documented-blocks';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsIn = (markdown: string): Set<string> =>
  new Set(
    [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      anchorOf(match[1] ?? ''),
    ),
  );

/** Every relative link of a page (`[text](target#anchor)`), code blocks left out. */
const linksIn = (markdown: string): { target: string; anchor: string | undefined }[] =>
  [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((link) => !/^[a-z]+:/.test(link))
    .map((link) => {
      const [target = '', anchor] = link.split('#');
      return { target, anchor };
    });

const PAGES = await documentedPages(REPO_ROOT);

describe('the links of README.md and docs/', () => {
  it.each(PAGES)('%s links only to files and headings that exist', async (page) => {
    // Arrange
    const markdown = await readFile(join(REPO_ROOT, page), 'utf8');

    // Act
    const broken: string[] = [];
    for (const { target, anchor } of linksIn(markdown)) {
      const file = target === '' ? page : relative(REPO_ROOT, join(REPO_ROOT, dirname(page), target));
      if (!existsSync(join(REPO_ROOT, file))) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md')) {
        const anchors = anchorsIn(await readFile(join(REPO_ROOT, file), 'utf8'));
        if (!anchors.has(anchor)) broken.push(`${target}#${anchor}: no such heading`);
      }
    }

    // Assert
    expect(broken).toEqual([]);
  });
});
