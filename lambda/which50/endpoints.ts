import { toCustomEventsQuery } from '../payload/custom-events';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';

/**
 * The job's address under the configured base URL. The base keeps its path
 * (`https://app.which50.com/Which50API`): `new URL(relative, base)` would drop its last segment.
 */
const importJobUrl = (baseUrl: URL, { contactListId, importJobId }: ImportJobRef): string =>
  `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}/contactLists/${contactListId}/import/${importJobId}`;

/** The run call: the job's address plus `/run`, and `customevents` only when there are events. */
const runImportUrl = (baseUrl: URL, command: RunImportCommand): string => {
  const events = command.customEvents.length > 0 ? `?customevents=${toCustomEventsQuery(command.customEvents)}` : '';
  return `${importJobUrl(baseUrl, command)}/run${events}`;
};

export { importJobUrl, runImportUrl };
