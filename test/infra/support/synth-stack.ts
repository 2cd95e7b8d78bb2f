import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createImportWebhookApp } from '../../../infra/import-webhook-app';
import type { ImportWebhookStack } from '../../../infra/import-webhook-stack';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');

/** The context `cdk synth` starts from: cdk.json's, feature flags included. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
    .context;

interface SynthesizedStack {
  readonly stack: ImportWebhookStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  readonly outdir: string;
  /** Deletes the cloud assembly; call it in `afterAll`. */
  readonly cleanUp: () => void;
}

interface SynthOptions {
  /**
   * Whether to run esbuild. Tests that look only at the template skip it; the function's code is
   * then a placeholder asset, everything else is synthesized (and checked by cdk-nag) as usual.
   */
  readonly bundle?: boolean;
  /**
   * Whether to run aws-cdk-lib's built-in CloudFormation validation, as `cdk synth` does. Its
   * engine takes seconds to load in every test process, so only the tests about it turn it on.
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Synthesizes the app as `cdk synth` would, with `context` laid over cdk.json's, into a fresh
 * directory. Synthesis runs cdk-nag, so it throws on any unacknowledged finding. Call it once
 * per fixture (in `beforeAll`): it takes seconds.
 */
const synthStack = (
  context: Record<string, unknown> = {},
  { bundle = false, cloudFormationValidation = false }: SynthOptions = {},
): SynthesizedStack => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'which50-infra-'));
  const cleanUp = () => rmSync(outdir, { recursive: true, force: true });
  const skipBundling = bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  try {
    const { app, stack } = createImportWebhookApp({
      outdir,
      builtinCloudFormationValidation: cloudFormationValidation,
      context: { ...cdkJsonContext(), ...skipBundling, ...context },
    });
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
    return { stack, assembly, template, outdir, cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
};

/**
 * The one resource of `type` in the template (of those whose logical id starts with `under`, the
 * construct's id, when given), failing when there is not exactly one.
 */
const onlyResource = (
  template: Template,
  type: string,
  under = '',
): { id: string; properties: Record<string, any> } => {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(under));
  if (found.length !== 1) throw new Error(`Expected one ${type}${under && ` under ${under}`}, found ${found.length}.`);
  const [id, resource] = found[0]!;
  return { id, properties: (resource as { Properties: Record<string, any> }).Properties };
};

export { cdkJsonContext, onlyResource, PROJECT_ROOT, type SynthesizedStack, synthStack };
