import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES as HANDLER_ROUTES } from '../../../lambda/create-handler';
import { renderValue } from '../support/iam-statements';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

interface DeclaredMethod {
  readonly route: string;
  readonly properties: Record<string, any>;
}

/** Every method of the REST API as `METHOD /path`, rebuilt from the resource tree in the template. */
const declaredMethods = (template: Template): DeclaredMethod[] => {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (parent: unknown): string => {
    const id = (parent as { Ref?: string }).Ref;
    if (id === undefined) return ''; // Fn::GetAtt RootResourceId: the root.
    const resource = resources[id]!.Properties;
    return `${pathOf(resource.ParentId)}/${resource.PathPart as string}`;
  };
  return Object.values(template.findResources('AWS::ApiGateway::Method')).map(({ Properties }) => ({
    route: `${Properties.HttpMethod as string} ${pathOf(Properties.ResourceId) || '/'}`,
    properties: Properties,
  }));
};

describe('WebhookApi', () => {
  let synthesized: SynthesizedStack;
  let methods: DeclaredMethod[];

  beforeAll(() => {
    synthesized = synthStack();
    methods = declaredMethods(synthesized.template);
  });

  afterAll(() => synthesized.cleanUp());

  const stage = () => onlyResource(synthesized.template, 'AWS::ApiGateway::Stage').properties;

  it("declares exactly the contract's routes, and ANY on their paths for the function's 405", () => {
    // Arrange
    const contract = [
      'POST /imports/run',
      'POST /contact-lists/{contactListId}/imports/{importJobId}/run',
      'GET /contact-lists/{contactListId}/imports/{importJobId}',
      'GET /me',
      'GET /health',
      'GET /openapi.json',
      'GET /runs/{runId}',
    ];

    // Act
    const routes = methods.map(({ route }) => route);

    // Assert
    expect(routes.toSorted()).toEqual(
      [...contract, ...contract.map((route) => route.replace(/^\w+/, 'ANY'))].toSorted(),
    );
  });

  it('declares every route the handler serves', () => {
    // Arrange
    const routes = new Set(methods.map(({ route }) => route));

    // Act
    const missing = HANDLER_ROUTES.map(({ method, template }) => `${method} ${template}`).filter(
      (route) => !routes.has(route),
    );

    // Assert
    expect(missing).toEqual([]);
  });

  it('has no catch-all: no greedy path, and no ANY at the root', () => {
    // Act
    const catchAll = methods.filter(({ route }) => route === 'ANY /' || route.includes('+}'));

    // Assert
    expect(catchAll).toEqual([]);
  });

  it('sends every route to the function as a Lambda proxy integration', () => {
    // Arrange
    const { id: functionId } = onlyResource(synthesized.template, 'AWS::Lambda::Function', 'ImportFunction');

    // Act
    const integrations = methods.map(({ properties }) => properties.Integration);

    // Assert
    for (const integration of integrations) {
      expect(integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      expect(JSON.stringify(integration.Uri)).toContain(`"${functionId}","Arn"`);
    }
  });

  it('leaves authentication to the function: no API Gateway authorizer', () => {
    // Act
    const authorizations = methods.map(({ properties }) => properties.AuthorizationType);

    // Assert
    expect(new Set(authorizations)).toEqual(new Set(['NONE']));
    synthesized.template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
  });

  it('declares the path parameters of the id routes', () => {
    // Act
    const withIds = methods.filter(({ route }) => route.includes('{contactListId}'));

    // Assert
    for (const { properties } of withIds) {
      expect(properties.RequestParameters).toEqual({
        'method.request.path.contactListId': true,
        'method.request.path.importJobId': true,
      });
    }
  });

  interface MethodSetting {
    readonly ResourcePath: string;
    readonly HttpMethod: string;
    readonly ThrottlingRateLimit: number;
    readonly ThrottlingBurstLimit: number;
  }

  /** The stage's method settings, by `<resource path> <HTTP method>` (paths unescaped). */
  const methodSettings = (): Map<string, MethodSetting> =>
    new Map(
      (stage().MethodSettings as MethodSetting[]).map((settings) => [
        `${settings.ResourcePath.replace(/^\/~1/, '/').replaceAll('~1', '/')} ${settings.HttpMethod}`,
        settings,
      ]),
    );

  /** The throttle of one method setting, failing the test when the stage has none for it. */
  const budgetOf = (key: string): { rate: number; burst: number } => {
    const found = methodSettings().get(key);
    if (found === undefined) throw new Error(`No method setting for ${key}.`);
    return { rate: found.ThrottlingRateLimit, burst: found.ThrottlingBurstLimit };
  };

  it('throttles every method of the stage by default', () => {
    // Act
    const defaults = budgetOf('/* *');

    // Assert
    expect(defaults.rate).toBeGreaterThan(0);
    expect(defaults.burst).toBeGreaterThanOrEqual(defaults.rate);
  });

  it('gives the run routes a budget of their own, apart from /health and /openapi.json', () => {
    // Act
    const runs = ['/imports/run POST', '/contact-lists/{contactListId}/imports/{importJobId}/run POST'].map(budgetOf);
    const anonymous = ['/health GET', '/openapi.json GET'].map(budgetOf);

    // Assert
    for (const run of runs) expect(run.rate).toBeGreaterThan(0);
    for (const open of anonymous) {
      expect(open.rate).toBeGreaterThan(0);
      for (const run of runs) {
        expect(open.rate).toBeLessThan(run.rate);
        expect(open.burst).toBeLessThan(run.burst);
      }
    }
  });

  it('accepts TLS 1.2 and 1.3 only, on the default execute-api endpoint, with strict SNI matching', () => {
    // Act
    const { properties } = onlyResource(synthesized.template, 'AWS::ApiGateway::RestApi');

    // Assert
    expect(properties.SecurityPolicy).toBe('SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09');
    expect(properties.EndpointAccessMode).toBe('STRICT');
  });

  it('writes one JSON object per request to the access log group', () => {
    // Arrange
    const { AccessLogSetting } = stage();
    const { id: accessLogGroupId } = Object.entries(synthesized.template.findResources('AWS::Logs::LogGroup'))
      .map(([id, resource]) => ({ id, resource }))
      .find(({ id }) => id.startsWith('WebhookApiAccessLogs'))!;

    // Act
    const format = JSON.parse(AccessLogSetting.Format as string) as Record<string, string>;

    // Assert
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      integrationLatency: '$context.integrationLatency',
      sourceIp: '$context.identity.sourceIp',
      errorResponseType: '$context.error.responseType',
      tlsVersion: '$context.tlsVersion',
    });
    expect(JSON.stringify(AccessLogSetting.DestinationArn)).toContain(accessLogGroupId);
  });

  it('keeps access logs for a set retention', () => {
    // Act
    const accessLogs = Object.entries(synthesized.template.findResources('AWS::Logs::LogGroup')).find(([id]) =>
      id.startsWith('WebhookApiAccessLogs'),
    )!;

    // Assert
    expect(accessLogs[1].Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('logs errors but never request bodies in execution logs', () => {
    // Act
    const settings = stage().MethodSettings as Record<string, unknown>[];

    // Assert
    for (const method of settings) expect(method).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false });
  });

  it("is named after the stack, since API Gateway's metrics are keyed by the API's name", () => {
    // Act
    const { properties } = onlyResource(synthesized.template, 'AWS::ApiGateway::RestApi');

    // Assert
    expect(properties.Name).toBe('Which50ImportWebhook-prod');
  });

  it('is a regional endpoint', () => {
    // Act
    const { properties } = onlyResource(synthesized.template, 'AWS::ApiGateway::RestApi');

    // Assert
    expect(properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
  });

  it('lets API Gateway invoke the function only for the declared methods, each on its own', () => {
    // Act
    const permitted = Object.values(synthesized.template.findResources('AWS::Lambda::Permission')).map(
      ({ Properties }) => {
        expect(Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
        const [, method, path] = /\/(GET|POST|\*)(\/.*)$/.exec(renderValue(Properties.SourceArn)) ?? [];
        return `${method === '*' ? 'ANY' : method} ${path}`;
      },
    );

    // Assert
    expect(permitted.toSorted()).toEqual(methods.map(({ route }) => route.replace(/\{\w+\}/g, '*')).toSorted());
  });
});
