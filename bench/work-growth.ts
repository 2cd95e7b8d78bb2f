import type { Contender } from './contender';
import type { LocalUpstreams } from './local-upstreams';
import { aRunImportEvent, RUN_PAYLOAD } from './run-import-event';

/**
 * How the adapter's warm cost grows with the work a request brings: more custom events, an XML
 * answer instead of JSON, a body near the 64 KiB limit. Each case is the adapter's bundle timed on
 * its own request, the cases taking turns like any contenders. The baseline runs the no-event and
 * 50-event requests too: what a longer request costs the local upstream and the loopback, rather
 * than the adapter, shows in its own growth.
 */
const GROWTH_CASES = [
  'events0',
  'events10',
  'events50',
  'json',
  'xml',
  'body60KiB',
  'baselineEvents0',
  'baselineEvents50',
] as const;

type GrowthCase = (typeof GROWTH_CASES)[number];

/** The body size of the large-body case: 60 KiB, under the 64 KiB limit of the run routes. */
const LARGE_BODY_BYTES = 60 * 1024;

/** `count` distinct valid custom event names: `CustomEvent01`, `CustomEvent02`, ... */
const customEventNames = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `CustomEvent${String(index + 1).padStart(2, '0')}`);

/** The demo run with `count` custom events; with none, no `customEvents` field at all. */
const payloadWithEvents = (count: number): object => {
  const { customEvents: _one, ...ids } = RUN_PAYLOAD;
  return count === 0 ? ids : { ...ids, customEvents: customEventNames(count) };
};

/**
 * The demo run padded with a field the adapter ignores (unknown fields are ignored) to exactly
 * `bytes` bytes of JSON, so the cost measured is that of reading a large body, not of more work.
 */
const paddedPayload = (bytes: number): object => {
  const unpadded = Buffer.byteLength(JSON.stringify({ ...RUN_PAYLOAD, note: '' }));
  if (bytes < unpadded) throw new Error(`A padded payload needs at least ${unpadded} bytes, not ${bytes}.`);
  return { ...RUN_PAYLOAD, note: 'x'.repeat(bytes - unpadded) };
};

/** The growth cases for the adapter and baseline bundles at these entries, against the local servers. */
const growthContenders = (
  { adapter: entry, baseline }: { readonly adapter: string; readonly baseline: string },
  upstreams: LocalUpstreams,
): Record<GrowthCase, Contender> => {
  const run = (payload: object = RUN_PAYLOAD) => aRunImportEvent(upstreams.apiKey, payload);
  return {
    events0: { entry, env: upstreams.env, event: run(payloadWithEvents(0)) },
    events10: { entry, env: upstreams.env, event: run(payloadWithEvents(10)) },
    events50: { entry, env: upstreams.env, event: run(payloadWithEvents(50)) },
    json: { entry, env: upstreams.env, event: run() },
    xml: { entry, env: upstreams.xmlEnv, event: run() },
    body60KiB: { entry, env: upstreams.env, event: run(paddedPayload(LARGE_BODY_BYTES)) },
    baselineEvents0: { entry: baseline, env: upstreams.env, event: run(payloadWithEvents(0)) },
    baselineEvents50: { entry: baseline, env: upstreams.env, event: run(payloadWithEvents(50)) },
  };
};

export { GROWTH_CASES, type GrowthCase, growthContenders, LARGE_BODY_BYTES, paddedPayload, payloadWithEvents };
