import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { STACK_NAME } from '../../../infra/import-webhook-app';

interface AssetManifest {
  files: Record<string, { source: { path: string } }>;
}

/** The stack's functions, by the construct that holds them (the start of their logical ids). */
type FunctionConstruct = 'ImportFunction' | 'AsyncRuns';

/**
 * The folder holding a function's bundle in a synthesized cloud assembly (the API function's
 * unless told otherwise): the asset its `Code.S3Key` names, looked up in the stack's asset manifest.
 */
const functionAssetDir = (
  outdir: string,
  template: { Resources: Record<string, any> },
  under: FunctionConstruct = 'ImportFunction',
): string => {
  const functions = Object.entries(template.Resources)
    .filter(([id, { Type }]) => Type === 'AWS::Lambda::Function' && id.startsWith(under))
    .map(([, resource]) => resource);
  if (functions.length !== 1)
    throw new Error(`Expected one Lambda function under ${under}, found ${functions.length}.`);
  const assetHash = String(functions[0].Properties.Code.S3Key).replace(/\.zip$/, '');
  const manifest = JSON.parse(readFileSync(path.join(outdir, `${STACK_NAME}.assets.json`), 'utf8')) as AssetManifest;
  const asset = manifest.files[assetHash];
  if (asset === undefined) throw new Error(`No asset ${assetHash} in the asset manifest.`);
  return path.join(outdir, asset.source.path);
};

/** A function's bundle folder in `assembly`, for a stack synthesized in-process. */
const functionAssetDirOf = (assembly: CloudAssembly, under: FunctionConstruct = 'ImportFunction'): string =>
  functionAssetDir(assembly.directory, assembly.getStackByName(STACK_NAME).template, under);

export { functionAssetDir, functionAssetDirOf };
