import type { APIGatewayProxyEvent } from 'aws-lambda';

/** One bundle to measure, and the whole environment its processes run with. */
interface Contender {
  /** The bundle's entry file (`index.mjs`). */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** The request this contender is timed on, when it is not the plan's (a larger payload, say). */
  readonly event?: APIGatewayProxyEvent;
}

/** The names of a record's contenders, in the order they were given. */
const namesOf = <Name extends string>(contenders: Readonly<Record<Name, Contender>>): Name[] =>
  Object.keys(contenders) as Name[];

export { type Contender, namesOf };
