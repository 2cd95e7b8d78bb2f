import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  type CfnRestApi,
  EndpointAccessMode,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addGatewayProblems } from './gateway-problems';
import { StageFirewall } from './stage-firewall';

/** The contract's routes, and only their paths: any other path is answered by API Gateway's 404 below. */
const API_ROUTES = [
  { method: 'POST', path: '/imports/run' },
  { method: 'POST', path: '/contact-lists/{contactListId}/imports/{importJobId}/run' },
  { method: 'GET', path: '/contact-lists/{contactListId}/imports/{importJobId}' },
  { method: 'GET', path: '/me' },
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/runs/{runId}' },
] as const;

/**
 * Request rates (steady per second, and burst) per method. API Gateway keeps one budget per
 * method of a stage: the run routes get theirs, well above webhook traffic and far below a flood
 * (the reserved concurrency is the real cap on runs); the two anonymous routes get a small one
 * of their own, so that a flood of `/health` or `/openapi.json` cannot take the run routes'.
 * Every other method (the status read, `GET /me`, the ANY methods' 405) has the stage default.
 */
const THROTTLES = {
  stageDefault: { rateLimit: 25, burstLimit: 50 },
  runRoutes: { rateLimit: 25, burstLimit: 50 },
  anonymousRoutes: { rateLimit: 5, burstLimit: 10 },
} as const;

const RUN_ROUTES = ['/imports/run', '/contact-lists/{contactListId}/imports/{importJobId}/run'] as const;
const ANONYMOUS_ROUTES = ['/health', '/openapi.json'] as const;

const throttleOptions = ({ rateLimit, burstLimit }: { rateLimit: number; burstLimit: number }) => ({
  throttlingRateLimit: rateLimit,
  throttlingBurstLimit: burstLimit,
});

/**
 * Stage method settings: the per-method budgets above, keyed as `<resource path>/<HTTP method>`.
 * An override is a method's whole setting, so it repeats the stage's logging choices.
 */
const methodThrottles = () => {
  const logging = { loggingLevel: MethodLoggingLevel.ERROR, dataTraceEnabled: false };
  return Object.fromEntries([
    ...RUN_ROUTES.map((path) => [`${path}/POST`, { ...logging, ...throttleOptions(THROTTLES.runRoutes) }]),
    ...ANONYMOUS_ROUTES.map((path) => [`${path}/GET`, { ...logging, ...throttleOptions(THROTTLES.anonymousRoutes) }]),
  ]);
};

/**
 * TLS 1.2 and 1.3 only, with forward secrecy and hybrid post-quantum key exchange. An enhanced
 * policy (a name starting with `SecurityPolicy_`) applies to the REST API itself, its default
 * `execute-api` endpoint included, with no custom domain; without one, a regional API's default
 * endpoint also accepts TLS 1.0. TLS 1.2 stays allowed, since webhook senders and integration
 * platforms still use it. STRICT access mode makes API Gateway refuse a request whose SNI names
 * another host, or that comes through another endpoint type.
 */
const TLS = { securityPolicy: SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09, endpointAccessMode: EndpointAccessMode.STRICT };

/** One JSON object per request, with what an operator needs to follow a request into the function log. */
const ACCESS_LOG_FIELDS = {
  requestId: AccessLogField.contextRequestId(),
  extendedRequestId: AccessLogField.contextExtendedRequestId(),
  requestTime: AccessLogField.contextRequestTime(),
  sourceIp: AccessLogField.contextIdentitySourceIp(),
  userAgent: AccessLogField.contextIdentityUserAgent(),
  httpMethod: AccessLogField.contextHttpMethod(),
  resourcePath: AccessLogField.contextResourcePath(),
  path: AccessLogField.contextPath(),
  protocol: AccessLogField.contextProtocol(),
  status: AccessLogField.contextStatus(),
  responseLength: AccessLogField.contextResponseLength(),
  responseLatency: AccessLogField.contextResponseLatency(),
  integrationStatus: AccessLogField.contextIntegrationStatus(),
  integrationLatency: AccessLogField.contextIntegrationLatency(),
  errorMessage: AccessLogField.contextErrorMessageString(),
  // Which gateway response answered (INTEGRATION_FAILURE for a throttled function, THROTTLED, WAF_FILTERED, ...).
  errorResponseType: AccessLogField.contextErrorResponseType(),
  integrationError: AccessLogField.contextIntegrationErrorMessage(),
  wafResponseCode: AccessLogField.contextWafResponseCode(),
  tlsVersion: '$context.tlsVersion',
};

interface WebhookApiProps {
  readonly handler: IFunction;
  /** Puts an AWS WAF web ACL in front of the stage. */
  readonly waf?: boolean;
  /** The function's reserved concurrency, for the acknowledgment that says what bounds abuse. */
  readonly reservedConcurrency?: number;
}

/**
 * The REST API in front of the function: explicit routes as Lambda proxy integrations, per-method
 * throttling, TLS 1.2 or later, JSON access logs, problem+json for the answers API Gateway gives
 * itself, and optionally a WAF web ACL. Callers are authenticated by the function (API keys,
 * Standard Webhooks, HMAC from the secret), so no method has an API Gateway authorizer.
 */
class WebhookApi extends Construct {
  readonly api: RestApi;
  readonly accessLogGroup: LogGroup;
  readonly firewall?: StageFirewall;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      // API Gateway's metrics are keyed by this name: one per stack, so stages never share an alarm.
      restApiName: Stack.of(this).stackName,
      description: 'Which50 import webhook: runs Which50 import jobs for webhooks, integrations and schedules.',
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway needs an account-level role to write logs; kept on destroy since other APIs share it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        ...throttleOptions(THROTTLES.stageDefault),
        methodOptions: methodThrottles(),
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request bodies may carry credentials and signatures: never copy them into execution logs.
        dataTraceEnabled: false,
      },
    });
    // The stack's own ApiUrl output replaces the one RestApi adds by default.
    this.api.node.tryRemoveChild('Endpoint');
    const methods = this.addRoutes(props.handler);
    addGatewayProblems(this.api);
    this.requireModernTls();
    if (props.waf === true) this.firewall = new StageFirewall(this, 'Firewall', { stage: this.api.deploymentStage });
    this.acknowledgeFindings(methods, props);
  }

  /**
   * Each route, plus `ANY` on its path: API Gateway prefers the declared method, and sends any other
   * method to the function, which answers the contract's 405 with `Allow` (API Gateway alone could
   * only answer 404). Paths outside the contract stay with API Gateway's 404 below.
   */
  private addRoutes(handler: IFunction): Method[] {
    const integration = new LambdaIntegration(handler, { proxy: true, allowTestInvoke: false });
    const paths = [...new Set(API_ROUTES.map(({ path }) => path))];
    const routes = [...API_ROUTES, ...paths.map((path) => ({ method: 'ANY', path }))];
    return routes.map(({ method, path }) => {
      const parameters = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      return this.resourceAt(path).addMethod(method, integration, {
        requestParameters: Object.fromEntries(parameters.map((name) => [`method.request.path.${name}`, true])),
      });
    });
  }

  private resourceAt(path: string): IResource {
    return path
      .split('/')
      .filter((part) => part !== '')
      .reduce((resource, part) => resource.getResource(part) ?? resource.addResource(part), this.api.root);
  }

  private requireModernTls(): void {
    const restApi = this.api.node.defaultChild as CfnRestApi;
    restApi.securityPolicy = TLS.securityPolicy;
    restApi.endpointAccessMode = TLS.endpointAccessMode;
  }

  private acknowledgeFindings(methods: readonly Method[], { waf, reservedConcurrency }: WebhookApiProps): void {
    const reason =
      'Callers are third-party webhook senders and integrations that cannot sign with SigV4 or hold Cognito tokens; the function authenticates every protected route itself (constant-time API key match, Standard Webhooks or HMAC-SHA256 signature over the raw body, keys from Secrets Manager). /health and /openapi.json are public by design and touch neither the secret nor the upstream.';
    for (const method of methods) {
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    }
    if (waf !== true) {
      const cap =
        reservedConcurrency === undefined
          ? 'the account concurrency (reservedConcurrency=none)'
          : `a reserved concurrency of ${reservedConcurrency}`;
      Validations.of(this.api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: `No WAF web ACL in this deployment: one is opt-in (-c waf=true: a rate-based rule per source IP and the AWS managed common rule set), as it adds a fixed monthly charge. Abuse is bounded by per-method throttles (run routes apart from /health and /openapi.json), ${cap} on the function, the 64 KiB body limit and authentication before any upstream call.`,
      });
    }
    Validations.of(this.api.node.defaultChild as CfnRestApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'The function validates every request itself (zod schemas, RFC 9457 answers naming each field) and must check the credential before the payload (401 before 400); bodies arrive as JSON, form or query string, which one API Gateway model cannot express. Path parameters are always present on their routes, so a gateway validator would check nothing.',
    });
    const cloudWatchRole = this.api.node.findChild('CloudWatchRole');
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'This is the role API Gateway itself assumes (account setting) to write access and execution logs; AWS documents this managed policy for it, and it grants only CloudWatch Logs writes.',
    });
  }
}

export { WebhookApi };
