import { describeUpstreamValue, malformedUpstreamAnswer } from './malformed-upstream-answer';
import { toIsoUtc } from './upstream-date';

/**
 * A Which50 import job as this adapter answers it: camelCase, the same whether the upstream spoke
 * JSON or XML. A count the upstream left out is null, never an invented zero; dates are ISO 8601
 * UTC with milliseconds, or null when there is no date.
 */
interface ImportJob {
  id: number;
  contactListId: number;
  currentStatus: string | null;
  progressPercent: number | null;
  startDate: string | null;
  finishDate: string | null;
  invalidEmailCount: number | null;
  invalidSmsCount: number | null;
  insertedContacts: number | null;
  updatedContacts: number | null;
  droppedContacts: number | null;
  notUpdatedContacts: number | null;
  totalContacts: number | null;
}

/** The upstream's names, in its documented PascalCase spelling; details name fields this way. */
const UPSTREAM_FIELDS = [
  'Id',
  'ContactListId',
  'CurrentStatus',
  'ProgressPercent',
  'StartDate',
  'FinishDate',
  'InvalidEmailCount',
  'InvalidSmsCount',
  'InsertedContacts',
  'UpdatedContacts',
  'DroppedContacts',
  'NotUpdatedContacts',
  'TotalContacts',
] as const;

type UpstreamField = (typeof UPSTREAM_FIELDS)[number];

const DOCUMENTED_SPELLINGS: ReadonlySet<string> = new Set(UPSTREAM_FIELDS);

const FIELD_BY_LOWER_CASE_NAME: ReadonlyMap<string, UpstreamField> = new Map(
  UPSTREAM_FIELDS.map((field) => [field.toLowerCase(), field]),
);

/** The field a key names: the documented spelling as it is (the usual case), any other by its lower case. */
const fieldNamed = (key: string): UpstreamField | undefined =>
  DOCUMENTED_SPELLINGS.has(key) ? (key as UpstreamField) : FIELD_BY_LOWER_CASE_NAME.get(key.toLowerCase());

/** Decimal digits with an optional minus, as .NET writes an `int` (XML always, JSON never). */
const DECIMAL_INTEGER = /^-?\d+$/;

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The known fields by their documented name, whatever their case on the wire (`Id`, `id`, `ID`).
 * Two spellings of one field are refused rather than resolved: either could be the true one.
 */
const collectFields = (record: Record<string, unknown>): Map<UpstreamField, unknown> => {
  const fields = new Map<UpstreamField, unknown>();
  for (const key of Object.keys(record)) {
    const field = fieldNamed(key);
    if (field === undefined) continue;
    if (fields.has(field)) throw malformedUpstreamAnswer(`${field} appears twice, spelled differently`);
    fields.set(field, record[key]);
  }
  return fields;
};

/** Zero without a sign: `-0` would read oddly in an answer and means nothing here. */
const withoutNegativeZero = (value: number): number => (value === 0 ? 0 : value);

/**
 * An integer field, or null when the upstream left it out. Strings of digits are accepted because
 * XML carries every value as text; numbers beyond 2^53 are refused rather than silently rounded.
 */
const readInteger = (value: unknown, field: UpstreamField): number | null => {
  if (value === undefined || value === null) return null;
  const parsed = typeof value === 'string' && DECIMAL_INTEGER.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof parsed === 'number' && Number.isSafeInteger(parsed)) return withoutNegativeZero(parsed);
  throw malformedUpstreamAnswer(`${field} is not an integer: ${describeUpstreamValue(value)}`);
};

const readRequiredInteger = (value: unknown, field: UpstreamField): number => {
  const integer = readInteger(value, field);
  if (integer === null) throw malformedUpstreamAnswer(`${field} is missing`);
  return integer;
};

/** Free text with no published list of values: passed through, only trimmed. */
const readText = (value: unknown, field: UpstreamField): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw malformedUpstreamAnswer(`${field} is not text: ${describeUpstreamValue(value)}`);
  }
  return value.trim();
};

/**
 * Turns an upstream ImportJob, already decoded from JSON or XML into a plain object, into the
 * answer's ImportJob. This is the one place where the upstream's shape is trusted or refused: a
 * missing id, a count that is not an integer, a date that is no date all make the answer malformed
 * (502), because passing a guess on would tell the caller something Which50 never said.
 */
const normalizeImportJob = (record: unknown): ImportJob => {
  if (!isPlainRecord(record)) throw malformedUpstreamAnswer('the ImportJob is not an object');
  const fields = collectFields(record);
  const integer = (field: UpstreamField) => readInteger(fields.get(field), field);
  const date = (field: UpstreamField) => toIsoUtc(fields.get(field), field);
  return {
    id: readRequiredInteger(fields.get('Id'), 'Id'),
    contactListId: readRequiredInteger(fields.get('ContactListId'), 'ContactListId'),
    currentStatus: readText(fields.get('CurrentStatus'), 'CurrentStatus'),
    progressPercent: integer('ProgressPercent'),
    startDate: date('StartDate'),
    finishDate: date('FinishDate'),
    invalidEmailCount: integer('InvalidEmailCount'),
    invalidSmsCount: integer('InvalidSmsCount'),
    insertedContacts: integer('InsertedContacts'),
    updatedContacts: integer('UpdatedContacts'),
    droppedContacts: integer('DroppedContacts'),
    notUpdatedContacts: integer('NotUpdatedContacts'),
    totalContacts: integer('TotalContacts'),
  };
};

export { type ImportJob, malformedUpstreamAnswer, normalizeImportJob };
