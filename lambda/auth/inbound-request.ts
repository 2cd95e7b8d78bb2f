/** What an inbound check may look at: the headers (lower-cased names) and the raw body bytes. */
interface InboundRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

export type { InboundRequest };
