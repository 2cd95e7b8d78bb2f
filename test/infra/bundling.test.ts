import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_FILE_NAME,
  buildBundle,
  CHUNKS_DIR,
  esbuildBuildOptions,
  nodejsFunctionBundling,
} from '../../infra/bundling';
import { functionAssetDirOf } from './support/function-asset';
import { PROJECT_ROOT, type SynthesizedStack, synthStack } from './support/synth-stack';

const ENTRY = path.join(PROJECT_ROOT, 'lambda/handler.ts');

/** Every file under `dir`, by its path relative to `dir`, sorted. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .toSorted();

describe('nodejsFunctionBundling', () => {
  it('builds minified ESM with source maps for Node.js 24', () => {
    // Act
    const bundling = nodejsFunctionBundling(ENTRY);

    // Assert
    expect(bundling).toMatchObject({ format: OutputFormat.ESM, target: 'node24', minify: true, sourceMap: true });
  });

  it('prefers the ESM build of each package', () => {
    // Act
    const { mainFields } = nodejsFunctionBundling(ENTRY);

    // Assert
    expect(mainFields).toEqual(['module', 'main']);
  });

  it('bundles the AWS SDK instead of leaving it to the runtime', () => {
    // Act
    const { externalModules } = nodejsFunctionBundling(ENTRY);

    // Assert
    expect(externalModules).toEqual([]);
  });

  it('gives CommonJS dependencies a require through createRequire', () => {
    // Act
    const { banner } = nodejsFunctionBundling(ENTRY);

    // Assert
    expect(banner).toMatch(
      /import \{ createRequire as (\w+) \} from 'node:module'; const require = \1\(import\.meta\.url\);/,
    );
  });

  it('never asks for Docker', () => {
    // Act
    const { forceDockerBundling } = nodejsFunctionBundling(ENTRY);

    // Assert
    expect(forceDockerBundling).toBe(false);
  });

  it('rebuilds the output split into chunks once NodejsFunction has bundled it', () => {
    // Arrange
    const { commandHooks } = nodejsFunctionBundling(ENTRY);

    // Act
    const commands = commandHooks?.afterBundling('/input', '/asset-output') ?? [];

    // Assert
    expect(commands).toHaveLength(1);
    expect(commands[0]).toContain(`'${path.join(PROJECT_ROOT, 'infra/split-bundle.ts')}' '${ENTRY}' '/asset-output'`);
  });

  it('adds nothing before bundling or installing', () => {
    // Arrange
    const { commandHooks } = nodejsFunctionBundling(ENTRY);

    // Act
    const commands = [
      ...(commandHooks?.beforeBundling('/input', '/out') ?? []),
      ...(commandHooks?.beforeInstall('/input', '/out') ?? []),
    ];

    // Assert
    expect(commands).toEqual([]);
  });

  it('quotes a path with a quote in it as one shell word', () => {
    // Arrange
    const { commandHooks } = nodejsFunctionBundling(ENTRY);

    // Act
    const [command] = commandHooks?.afterBundling('/input', "/tmp/it's here") ?? [];

    // Assert
    expect(command?.endsWith(`'/tmp/it'\\''s here'`)).toBe(true);
  });
});

describe('esbuildBuildOptions', () => {
  it('states the same bundle as nodejsFunctionBundling, in esbuild API terms', () => {
    // Arrange
    const cdk = nodejsFunctionBundling(ENTRY);

    // Act
    const options = esbuildBuildOptions(ENTRY, 'out');

    // Assert
    expect(options).toMatchObject({
      bundle: true,
      platform: 'node',
      format: cdk.format,
      target: cdk.target,
      minify: cdk.minify,
      sourcemap: cdk.sourceMap,
      mainFields: cdk.mainFields,
      banner: { js: cdk.banner },
      external: cdk.externalModules,
    });
  });

  it('splits code reached only through import() into chunks beside index.mjs', () => {
    // Act
    const options = esbuildBuildOptions(ENTRY, 'out');

    // Assert
    expect(options).toMatchObject({
      entryPoints: { index: ENTRY },
      outdir: 'out',
      splitting: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    });
  });
});

describe('buildBundle', () => {
  let near: string;
  let far: string;

  beforeAll(async () => {
    near = mkdtempSync(path.join(tmpdir(), 'which50-bundle-'));
    far = mkdtempSync(path.join(tmpdir(), 'which50-bundle-'));
    await buildBundle(ENTRY, near);
    await buildBundle(ENTRY, path.join(far, 'deeper/still'));
  });

  afterAll(() => {
    rmSync(near, { recursive: true, force: true });
    rmSync(far, { recursive: true, force: true });
  });

  it('writes the entry, its source map and the chunks', () => {
    // Act
    const files = filesUnder(near);

    // Assert
    expect(files).toContain(BUNDLE_FILE_NAME);
    expect(files).toContain(`${BUNDLE_FILE_NAME}.map`);
    expect(files.some((file) => file.startsWith(`${CHUNKS_DIR}/`) && file.endsWith('.mjs'))).toBe(true);
  });

  it('writes the same files, byte for byte, wherever it builds', () => {
    // Arrange
    const elsewhere = path.join(far, 'deeper/still');

    // Act
    const differing = filesUnder(near).filter(
      (file) => !readFileSync(path.join(near, file)).equals(readFileSync(path.join(elsewhere, file))),
    );

    // Assert
    expect(filesUnder(elsewhere)).toEqual(filesUnder(near));
    expect(differing).toEqual([]);
  });

  describe('against the bundle the stack deploys', () => {
    let synthesized: SynthesizedStack;

    beforeAll(() => {
      synthesized = synthStack({}, { bundle: true });
    });

    afterAll(() => {
      synthesized.cleanUp();
    });

    it('produces byte for byte the files NodejsFunction ships', () => {
      // Arrange
      const deployedDir = functionAssetDirOf(synthesized.assembly);

      // Act
      const differing = filesUnder(near).filter(
        (file) => !readFileSync(path.join(near, file)).equals(readFileSync(path.join(deployedDir, file))),
      );

      // Assert
      expect(filesUnder(deployedDir)).toEqual(filesUnder(near));
      expect(differing).toEqual([]);
    });
  });
});
