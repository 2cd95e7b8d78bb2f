import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { STACK_NAME } from '../../../infra/import-webhook-app';

interface AssetManifest {
  files: Record<string, { source: { path: string } }>;
}

/**
 * The folder holding the import function's bundle in a synthesized cloud assembly: the asset its
 * `Code.S3Key` names, looked up in the stack's asset manifest.
 */
const functionAssetDir = (outdir: string, template: { Resources: Record<string, any> }): string => {
  const functions = Object.values(template.Resources).filter(({ Type }) => Type === 'AWS::Lambda::Function');
  if (functions.length !== 1) throw new Error(`Expected one Lambda function, found ${functions.length}.`);
  const assetHash = String(functions[0].Properties.Code.S3Key).replace(/\.zip$/, '');
  const manifest = JSON.parse(readFileSync(path.join(outdir, `${STACK_NAME}.assets.json`), 'utf8')) as AssetManifest;
  const asset = manifest.files[assetHash];
  if (asset === undefined) throw new Error(`No asset ${assetHash} in the asset manifest.`);
  return path.join(outdir, asset.source.path);
};

/** The function's bundle folder in `assembly`, for a stack synthesized in-process. */
const functionAssetDirOf = (assembly: CloudAssembly): string =>
  functionAssetDir(assembly.directory, assembly.getStackByName(STACK_NAME).template);

export { functionAssetDir, functionAssetDirOf };
