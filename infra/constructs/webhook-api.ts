import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  type CfnRestApi,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The contract's routes, and only their paths: any other path is answered by API Gateway's 404 below. */
const API_ROUTES = [
  { method: 'POST', path: '/imports/run' },
  { method: 'POST', path: '/contact-lists/{contactListId}/imports/{importJobId}/run' },
  { method: 'GET', path: '/contact-lists/{contactListId}/imports/{importJobId}' },
  { method: 'GET', path: '/me' },
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/openapi.json' },
] as const;

/** Steady and burst request rates for the whole stage: well above webhook traffic, far below a flood. */
const THROTTLE = { rateLimit: 25, burstLimit: 50 } as const;

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
};

/** Answers API Gateway gives itself, as problem+json like the function's own (RFC 9457). */
const GATEWAY_PROBLEMS = [
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    title: 'Not Found',
    detail: 'No route matches this method and path.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    title: 'Content Too Large',
    detail: 'The request body is too large.',
  },
  {
    type: ResponseType.THROTTLED,
    status: 429,
    title: 'Too Many Requests',
    detail: 'The API is throttling requests; retry later.',
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    title: 'Gateway Timeout',
    detail: 'The function did not answer in time.',
  },
  { type: ResponseType.DEFAULT_5XX, status: 502, title: 'Bad Gateway', detail: 'The function failed to answer.' },
] as const;

const problemTemplate = (status: number, title: string, detail: string): string =>
  `{"type":"about:blank","title":"${title}","status":${status},"detail":"${detail}","requestId":"$context.requestId"}`;

interface WebhookApiProps {
  readonly handler: IFunction;
}

/**
 * The REST API in front of the function: explicit routes as Lambda proxy integrations, stage
 * throttling, JSON access logs. Callers are authenticated by the function (API keys, Standard
 * Webhooks, HMAC from the secret), so no method has an API Gateway authorizer.
 */
class WebhookApi extends Construct {
  readonly api: RestApi;
  readonly accessLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Which50 import webhook: runs Which50 import jobs for webhooks, integrations and schedules.',
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway needs an account-level role to write logs; kept on destroy since other APIs share it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: THROTTLE.rateLimit,
        throttlingBurstLimit: THROTTLE.burstLimit,
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
    this.addGatewayProblems();
    this.acknowledgeFindings(methods);
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

  private addGatewayProblems(): void {
    for (const { type, status, title, detail } of GATEWAY_PROBLEMS) {
      this.api.addGatewayResponse(`Problem${status}`, {
        type,
        statusCode: String(status),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': problemTemplate(status, title, detail) },
      });
    }
  }

  private acknowledgeFindings(methods: readonly Method[]): void {
    const reason =
      'Callers are third-party webhook senders and integrations that cannot sign with SigV4 or hold Cognito tokens; the function authenticates every protected route itself (constant-time API key match, Standard Webhooks or HMAC-SHA256 signature over the raw body, keys from Secrets Manager). /health and /openapi.json are public by design and touch neither the secret nor the upstream.';
    for (const method of methods) {
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    }
    Validations.of(this.api.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'No WAF web ACL: it would add a fixed monthly charge to an otherwise pay-per-use stack. Abuse is bounded by stage throttling, the optional reserved concurrency, the 64 KiB body limit and authentication before any upstream call.',
    });
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
