import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE_NAME, esbuildBuildOptions, nodejsFunctionBundling } from '../../infra/bundling';
import { functionAssetDirOf } from './support/function-asset';
import { PROJECT_ROOT, type SynthesizedStack, synthStack } from './support/synth-stack';

describe('nodejsFunctionBundling', () => {
  it('builds one minified ESM file with source maps for Node.js 24', () => {
    // Act
    const bundling = nodejsFunctionBundling();

    // Assert
    expect(bundling).toMatchObject({ format: OutputFormat.ESM, target: 'node24', minify: true, sourceMap: true });
  });

  it('prefers the ESM build of each package', () => {
    // Act
    const { mainFields } = nodejsFunctionBundling();

    // Assert
    expect(mainFields).toEqual(['module', 'main']);
  });

  it('bundles the AWS SDK instead of leaving it to the runtime', () => {
    // Act
    const { externalModules } = nodejsFunctionBundling();

    // Assert
    expect(externalModules).toEqual([]);
  });

  it('gives CommonJS dependencies a require through createRequire', () => {
    // Act
    const { banner } = nodejsFunctionBundling();

    // Assert
    expect(banner).toMatch(/import \{ createRequire as (\w+) \} from 'node:module'; const require = \1\(import\.meta\.url\);/);
  });

  it('never asks for Docker', () => {
    // Act
    const { forceDockerBundling } = nodejsFunctionBundling();

    // Assert
    expect(forceDockerBundling).toBe(false);
  });
});

describe('esbuildBuildOptions', () => {
  it('states the same bundle as nodejsFunctionBundling, in esbuild API terms', () => {
    // Arrange
    const cdk = nodejsFunctionBundling();

    // Act
    const options = esbuildBuildOptions('lambda/handler.ts', `out/${BUNDLE_FILE_NAME}`);

    // Assert
    expect(options).toEqual({
      entryPoints: ['lambda/handler.ts'],
      outfile: `out/${BUNDLE_FILE_NAME}`,
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

  describe('against the bundle the stack deploys', () => {
    let synthesized: SynthesizedStack;
    let outdir: string;

    beforeAll(async () => {
      synthesized = synthStack({}, { bundle: true });
      outdir = mkdtempSync(path.join(tmpdir(), 'which50-esbuild-'));
      await build({
        ...esbuildBuildOptions(path.join(PROJECT_ROOT, 'lambda/handler.ts'), path.join(outdir, BUNDLE_FILE_NAME)),
        logLevel: 'silent',
      });
    });

    afterAll(() => {
      synthesized.cleanUp();
      rmSync(outdir, { recursive: true, force: true });
    });

    it('produces byte for byte the code NodejsFunction produces', () => {
      // Arrange
      const deployed = readFileSync(path.join(functionAssetDirOf(synthesized.assembly), BUNDLE_FILE_NAME));

      // Act
      const benchmarked = readFileSync(path.join(outdir, BUNDLE_FILE_NAME));

      // Assert
      expect(benchmarked.equals(deployed)).toBe(true);
    });
  });
});
