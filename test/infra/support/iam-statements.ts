import type { Template } from 'aws-cdk-lib/assertions';

/** One Allow/Deny statement of a synthesized IAM policy, with intrinsics rendered as text. */
interface RenderedStatement {
  /** Logical id of the AWS::IAM::Policy (or role, for an inline policy) that holds it. */
  readonly policy: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * Renders a CloudFormation value as the text it will become, with references kept readable:
 * `{"Fn::GetAtt":["Fn","Arn"]}` -> `${Fn.Arn}`, `{"Ref":"X"}` -> `${X}`, joins concatenated.
 * Wildcards written into the template then show up as literal `*` or `?`.
 */
const renderValue = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const intrinsic = value as Record<string, unknown>;
  if ('Ref' in intrinsic) return `\${${String(intrinsic.Ref)}}`;
  if ('Fn::GetAtt' in intrinsic) return `\${${(intrinsic['Fn::GetAtt'] as string[]).join('.')}}`;
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(renderValue).join(separator);
  }
  if ('Fn::Sub' in intrinsic) return String(intrinsic['Fn::Sub']);
  return JSON.stringify(value);
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

interface PolicyDocument {
  Statement: { Effect: string; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown }[];
}

const renderDocument = (policy: string, document: PolicyDocument): RenderedStatement[] =>
  document.Statement.map((statement) => ({
    policy,
    effect: statement.Effect,
    actions: asList(statement.Action ?? statement.NotAction).map(renderValue),
    resources: asList(statement.Resource ?? statement.NotResource).map(renderValue),
  }));

/** Every statement of every AWS::IAM::Policy, and of every role's inline policies, in the template. */
const iamStatements = (template: Template): RenderedStatement[] => {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, resource]) =>
    renderDocument(id, resource.Properties.PolicyDocument as PolicyDocument),
  );
  const inline = Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([id, resource]) =>
    asList(resource.Properties.Policies).flatMap((policy) =>
      renderDocument(id, (policy as { PolicyDocument: PolicyDocument }).PolicyDocument),
    ),
  );
  return [...policies, ...inline];
};

/** A wildcard AWS itself requires, described by the action it goes with and the resource's shape. */
interface AllowedWildcard {
  readonly action: string;
  readonly resource: RegExp;
  readonly why: string;
}

const hasWildcard = (text: string): boolean => /[*?]/.test(text);

/**
 * The grants with a wildcard action, or a wildcard resource not in `allowed`: what a reviewer would
 * have to justify. An empty list means every grant names its actions and resources exactly.
 */
const unjustifiedWildcards = (statements: readonly RenderedStatement[], allowed: readonly AllowedWildcard[]) =>
  statements
    .filter(({ effect }) => effect === 'Allow')
    .flatMap((statement) => [
      ...statement.actions.filter(hasWildcard).map((action) => ({ policy: statement.policy, action })),
      ...statement.resources
        .filter(hasWildcard)
        .filter(
          (resource) =>
            !statement.actions.every((action) =>
              allowed.some((rule) => rule.action === action && rule.resource.test(resource)),
            ),
        )
        .map((resource) => ({ policy: statement.policy, resource })),
    ]);

export { type AllowedWildcard, iamStatements, type RenderedStatement, renderValue, unjustifiedWildcards };
