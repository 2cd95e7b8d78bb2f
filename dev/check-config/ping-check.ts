import { isProblem } from '../../lambda/http/problem';
import type { ImportJob } from '../../lambda/import-job';
import { readId } from '../../lambda/payload/import-id';
import { accepted, type Reading, refused } from '../../lambda/payload/reading';
import type { ImportJobRef } from '../../lambda/payload/run-import-command';
import type { Which50Client } from '../../lambda/which50/client';
import { type CheckResult, failed, passed } from './check-result';
import { problemReasons } from './reasons';

const NAME = 'ping';

/**
 * Reads `--ping CONTACT_LIST_ID/IMPORT_JOB_ID` with the route's own id reader, so that an id the
 * adapter would refuse is refused here before any call is made.
 */
const readJobRef = (text: string): Reading<ImportJobRef> => {
  const [listText, jobText, ...rest] = text.split('/');
  if (listText === undefined || jobText === undefined || rest.length > 0) {
    return refused('must be CONTACT_LIST_ID/IMPORT_JOB_ID, such as 1/2');
  }
  const contactListId = readId(listText);
  const importJobId = readId(jobText);
  if (!contactListId.ok) return refused(`CONTACT_LIST_ID ${contactListId.reason}`);
  if (!importJobId.ok) return refused(`IMPORT_JOB_ID ${importJobId.reason}`);
  return accepted({ contactListId: contactListId.value, importJobId: importJobId.value });
};

const describeJob = (job: ImportJob): string[] => [
  `currentStatus: ${job.currentStatus ?? 'null'}, progressPercent: ${job.progressPercent ?? 'null'}`,
  JSON.stringify(job),
];

/** The reasons, each after the answer a caller would have got (`502 Upstream rejected credentials`). */
const reasonsWithStatus = (error: unknown): string[] =>
  isProblem(error)
    ? problemReasons(error).map((reason) => `${error.status} ${error.title}: ${reason}`)
    : problemReasons(error);

/**
 * Reads one job's status through the adapter's Which50 client: a GET, safe to repeat, that proves
 * the base URL and the upstream credential work together (a 401 is retried once with the secret
 * fetched afresh, as in production). The answer is shown normalized, as a caller would get it.
 */
const pingImportJob = async (
  which50: Pick<Which50Client, 'readImportJob'>,
  ref: ImportJobRef,
  deadline: number,
): Promise<CheckResult> => {
  const subject = `contact list ${ref.contactListId}, import job ${ref.importJobId}`;
  try {
    return passed(NAME, subject, describeJob(await which50.readImportJob(ref, deadline)));
  } catch (error) {
    return failed(NAME, subject, reasonsWithStatus(error));
  }
};

export { pingImportJob, readJobRef };
