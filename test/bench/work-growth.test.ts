import { describe, expect, it } from 'vitest';
import { RUN_PAYLOAD } from '../../bench/run-import-event';
import { LARGE_BODY_BYTES, paddedPayload, payloadWithEvents } from '../../bench/work-growth';

describe('payloadWithEvents', () => {
  it('names as many distinct custom events as asked', () => {
    // Act
    const payload = payloadWithEvents(50) as { customEvents: string[] };

    // Assert
    expect(new Set(payload.customEvents).size).toBe(50);
  });

  it('leaves the customEvents field out when there are none', () => {
    // Act
    const payload = payloadWithEvents(0);

    // Assert
    expect(payload).toEqual({ contactListId: 1, importJobId: 2 });
  });
});

describe('paddedPayload', () => {
  it('is exactly the asked number of bytes of JSON', () => {
    // Act
    const body = JSON.stringify(paddedPayload(LARGE_BODY_BYTES));

    // Assert
    expect(Buffer.byteLength(body)).toBe(60 * 1024);
  });

  it('keeps the demo run as it is beside the padding', () => {
    // Act
    const payload = paddedPayload(1_000);

    // Assert
    expect(payload).toMatchObject(RUN_PAYLOAD);
  });

  it('refuses a size too small to hold the run', () => {
    // Act
    const act = () => paddedPayload(10);

    // Assert
    expect(act).toThrow(/at least/);
  });
});
