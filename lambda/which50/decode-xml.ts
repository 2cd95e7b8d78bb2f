import type { X2jOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformedUpstreamAnswer, quoteUpstreamText } from '../malformed-upstream-answer';

/*
 * Reading Which50's XML answers (its DataContract serializer's). Most answers are JSON, so this
 * module and the XML parser load on the first XML answer only: cold starts count.
 */

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The root element the DataContract serializer writes for an ImportJob. */
const IMPORT_JOB_ELEMENT = 'importjob';

const ATTRIBUTE_PREFIX = '@_';
const TEXT_NODE = '#text';

/** The five predefined XML entities and character references; nothing a DOCTYPE could define. */
const XML_REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A DOCTYPE is how entity-expansion attacks start; the DataContract serializer never writes one. */
const DOCUMENT_TYPE_DECLARATION = /<!(?:DOCTYPE|ENTITY)/i;

const isXmlCharacter = (codePoint: number): boolean =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  (codePoint >= 0x10000 && codePoint <= 0x10ffff);

const characterFromReference = (codePoint: number): string =>
  isXmlCharacter(codePoint) ? String.fromCodePoint(codePoint) : '\uFFFD';

/**
 * Resolves XML's built-in references in one pass, so a result is never scanned again and nothing
 * can expand. The parser's own entity handling stays off: it would also honour DOCTYPE entities.
 */
const decodeXmlReferences = (text: string): string =>
  text.replace(XML_REFERENCE, (reference, name?: string, decimal?: string, hexadecimal?: string) => {
    if (name !== undefined) return PREDEFINED_ENTITIES[name] ?? reference;
    return characterFromReference(decimal !== undefined ? Number(decimal) : Number.parseInt(hexadecimal ?? '', 16));
  });

/**
 * Values stay text (the parser's number guessing would turn "007" into 7 and round long digit
 * strings): integers are read, and refused, by `normalizeImportJob`. Namespace prefixes are dropped
 * so `i:nil` reads as `nil` whatever prefix the XMLSchema-instance namespace was given.
 */
const XML_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_NODE,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  tagValueProcessor: (_tagName, value) => decodeXmlReferences(value),
};

interface XmlTools {
  parser: XMLParser;
  validate: typeof XMLValidator.validate;
}

let xmlTools: Promise<XmlTools> | undefined;

/** The XML parser, loaded on the first XML answer only. */
const loadXmlTools = (): Promise<XmlTools> => {
  xmlTools ??= import('fast-xml-parser').then(({ XMLParser, XMLValidator }) => ({
    parser: new XMLParser(XML_OPTIONS),
    validate: (xml, options) => XMLValidator.validate(xml, options),
  }));
  return xmlTools;
};

const isNil = (element: Record<string, unknown>): boolean => {
  const nil = element[`${ATTRIBUTE_PREFIX}nil`];
  return typeof nil === 'string' && ['true', '1'].includes(nil.trim());
};

/**
 * One child element as a plain value: its text, null for `i:nil="true"`, '' when empty. Anything
 * else (repeated or nested elements) is left as the parser built it, for normalization to refuse.
 */
const elementValue = (element: unknown): unknown => {
  if (!isPlainRecord(element)) return element;
  if (isNil(element)) return null;
  const content = Object.keys(element).filter((key) => !key.startsWith(ATTRIBUTE_PREFIX));
  if (content.length === 0) return '';
  if (content.length === 1 && content[0] === TEXT_NODE) return element[TEXT_NODE];
  return element;
};

/** The ImportJob element as a record of its children, attributes dropped. */
const importJobRecord = (document: unknown): unknown => {
  const roots = isPlainRecord(document) ? Object.entries(document) : [];
  const [root, ...others] = roots;
  if (root === undefined || others.length > 0) {
    throw malformedUpstreamAnswer('Which50 answered XML without exactly one root element');
  }
  const [name, element] = root;
  if (name.toLowerCase() !== IMPORT_JOB_ELEMENT) {
    throw malformedUpstreamAnswer(`Which50 answered XML whose root is ${quoteUpstreamText(name)}, not ImportJob`);
  }
  if (element === '') return {};
  if (!isPlainRecord(element)) return element;
  return Object.fromEntries(
    Object.entries(element)
      .filter(([key]) => !key.startsWith(ATTRIBUTE_PREFIX))
      .map(([key, child]) => [key, elementValue(child)]),
  );
};

const parseXml = async (text: string): Promise<unknown> => {
  if (DOCUMENT_TYPE_DECLARATION.test(text)) {
    throw malformedUpstreamAnswer('Which50 answered XML with a DOCTYPE, which is refused');
  }
  const { parser, validate } = await loadXmlTools();
  try {
    if (validate(text) !== true) throw new Error('not well-formed');
    return parser.parse(text);
  } catch {
    // The parser's messages may quote the body, so none is passed on.
    throw malformedUpstreamAnswer('Which50 answered XML that could not be parsed');
  }
};

/** The ImportJob an XML answer holds, as a record of its children's values, for normalization. */
const xmlImportJob = async (text: string): Promise<unknown> => importJobRecord(await parseXml(text));

export { decodeXmlReferences, isPlainRecord, xmlImportJob };
