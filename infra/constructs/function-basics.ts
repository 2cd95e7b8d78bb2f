import path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { nodejsFunctionBundling } from '../bundling';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

/** A function's own log group and role, and the settings its `NodejsFunction` starts from. */
interface FunctionBasics {
  readonly logGroup: LogGroup;
  /** Allowed to write the log group and nothing else yet: each function grants the rest. */
  readonly role: Role;
  readonly props: NodejsFunctionProps;
}

/**
 * What the stack's functions share, so that they cannot drift apart: the project's bundle of
 * `entryFile` (`lambda/handler.ts`, say) with the production esbuild options, on the newest
 * Node.js LTS runtime, arm64, 512 MB; a log group kept for a month (and kept when the stack is
 * deleted); and a role of its own that Lambda assumes.
 */
const functionBasics = (scope: Construct, entryFile: string, roleDescription: string): FunctionBasics => {
  const logGroup = new LogGroup(scope, 'LogGroup', {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: roleDescription,
  });
  logGroup.grantWrite(role);
  const entry = path.join(PROJECT_ROOT, entryFile);
  return {
    logGroup,
    role,
    props: {
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: nodejsFunctionBundling(entry),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      role,
      logGroup,
    },
  };
};

export { type FunctionBasics, functionBasics };
