import { describe, expect, it } from 'vitest';
import type { Authentication } from '../../../lambda/auth/authenticate';
import type { InboundScheme } from '../../../lambda/auth/principal';
import {
  MAX_KEY_LENGTH,
  requestIdempotencyKey,
  scheduleIdempotencyKey,
} from '../../../lambda/idempotency/idempotency-key';
import { problemThrownBy } from '../../support/factories';

/** How a request got in: its principal (named after the scheme unless a test names it) and what was verified. */
const anAuthentication = (
  scheme: InboundScheme,
  { name = scheme, messageId }: { name?: string; messageId?: string } = {},
): Authentication => ({
  principal: { name, scheme, scope: undefined },
  signed: scheme !== 'api-key',
  ...(messageId !== undefined && { messageId }),
});

const BY_API_KEY = anAuthentication('api-key');
const BY_HUB_SIGNATURE = anAuthentication('hub-signature');
const aVerifiedDelivery = (messageId: string, name?: string): Authentication =>
  anAuthentication('standard-webhooks', { messageId, ...(name !== undefined && { name }) });

describe('requestIdempotencyKey', () => {
  describe('a verified Standard Webhooks delivery', () => {
    it('is keyed by its verified id, under its principal', () => {
      // Act
      const key = requestIdempotencyKey(aVerifiedDelivery('msg_2p9Wq1'), {});

      // Assert
      expect(key).toBe('standard-webhooks/webhook:msg_2p9Wq1');
    });

    it('is keyed by the verified id, not by a webhook-id header that says otherwise', () => {
      // Act
      const key = requestIdempotencyKey(aVerifiedDelivery('msg_svix_1'), { 'webhook-id': 'msg_other' });

      // Assert
      expect(key).toBe('standard-webhooks/webhook:msg_svix_1');
    });

    it('prefers its verified id over Idempotency-Key', () => {
      // Act
      const key = requestIdempotencyKey(aVerifiedDelivery('msg_1'), { 'idempotency-key': 'k-1' });

      // Assert
      expect(key).toBe('standard-webhooks/webhook:msg_1');
    });

    it('is filed under the name of the entry that signed it', () => {
      // Act
      const key = requestIdempotencyKey(aVerifiedDelivery('msg_1', 'crm'), {});

      // Assert
      expect(key).toBe('crm/webhook:msg_1');
    });

    it('accepts an id of the longest allowed length', () => {
      // Act
      const key = requestIdempotencyKey(aVerifiedDelivery('m'.repeat(MAX_KEY_LENGTH)), {});

      // Assert
      expect(key).toBe(`standard-webhooks/webhook:${'m'.repeat(MAX_KEY_LENGTH)}`);
    });

    it('refuses an overlong id with a 400 naming webhook-id', () => {
      // Act
      const problem = problemThrownBy(() =>
        requestIdempotencyKey(aVerifiedDelivery('m'.repeat(MAX_KEY_LENGTH + 1)), {}),
      );

      // Assert
      expect(problem.status).toBe(400);
      expect(problem.extra.errors).toEqual([
        { field: 'webhook-id', message: expect.stringContaining(String(MAX_KEY_LENGTH)) },
      ]);
    });
  });

  describe('an API-key request', () => {
    it('is keyed by its Idempotency-Key, under its principal', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' });

      // Assert
      expect(key).toBe('api-key/key:8e03978e-40d5-43e8-bc93-6894a57f9324');
    });

    it('never keys on webhook-id, which anyone can send, so it cannot reserve a signed delivery’s id', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'webhook-id': 'msg_2p9Wq1' });

      // Assert
      expect(key).toBeUndefined();
    });

    it('keys on Idempotency-Key even beside a webhook-id', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'webhook-id': 'msg_1', 'idempotency-key': 'k-1' });

      // Assert
      expect(key).toBe('api-key/key:k-1');
    });

    it('never keys on X-GitHub-Delivery, which only a hub signature vouches for', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' });

      // Assert
      expect(key).toBeUndefined();
    });
  });

  describe('a hub-signed delivery', () => {
    it('is keyed by X-GitHub-Delivery, which a redelivery repeats', () => {
      // Act
      const key = requestIdempotencyKey(BY_HUB_SIGNATURE, {
        'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      });

      // Assert
      expect(key).toBe('hub-signature/github:72d3162e-cc78-11e3-81ab-4c9367dc0958');
    });

    it('prefers Idempotency-Key over X-GitHub-Delivery', () => {
      // Act
      const key = requestIdempotencyKey(BY_HUB_SIGNATURE, { 'idempotency-key': 'k-9', 'x-github-delivery': 'd-1' });

      // Assert
      expect(key).toBe('hub-signature/key:k-9');
    });

    it('never keys on webhook-id', () => {
      // Act
      const key = requestIdempotencyKey(BY_HUB_SIGNATURE, { 'webhook-id': 'msg_1' });

      // Assert
      expect(key).toBeUndefined();
    });

    it('refuses an overlong X-GitHub-Delivery with a 400 naming the header', () => {
      // Act
      const problem = problemThrownBy(() =>
        requestIdempotencyKey(BY_HUB_SIGNATURE, { 'x-github-delivery': 'd'.repeat(MAX_KEY_LENGTH + 1) }),
      );

      // Assert
      expect(problem.status).toBe(400);
      expect(problem.extra.errors).toEqual([
        { field: 'X-GitHub-Delivery', message: expect.stringContaining(String(MAX_KEY_LENGTH)) },
      ]);
    });
  });

  describe('namespaces', () => {
    it('files one Idempotency-Key from two principals as two keys, so no caller reserves another’s', () => {
      // Act
      const keys = [
        requestIdempotencyKey(anAuthentication('api-key', { name: 'zapier' }), { 'idempotency-key': 'k-1' }),
        requestIdempotencyKey(anAuthentication('api-key', { name: 'crm' }), { 'idempotency-key': 'k-1' }),
      ];

      // Assert
      expect(keys).toEqual(['zapier/key:k-1', 'crm/key:k-1']);
    });

    it('files the same text under different kinds, so one header cannot stand for another kind of key', () => {
      // Arrange: one operator named entries of all three schemes alike
      const name = 'ops';

      // Act
      const keys = [
        requestIdempotencyKey(anAuthentication('standard-webhooks', { name, messageId: 'same' }), {}),
        requestIdempotencyKey(anAuthentication('api-key', { name }), { 'idempotency-key': 'same' }),
        requestIdempotencyKey(anAuthentication('hub-signature', { name }), { 'x-github-delivery': 'same' }),
      ];

      // Assert
      expect(new Set(keys).size).toBe(3);
    });

    it('never gives an HTTP key the shape of a schedule’s key, whatever the principal is called', () => {
      // Act
      const httpKey = requestIdempotencyKey(anAuthentication('api-key', { name: 'schedule' }), {
        'idempotency-key': 'nightly@2026-11-26T02:00:00Z',
      });

      // Assert
      expect(httpKey).not.toBe(scheduleIdempotencyKey('nightly', '2026-11-26T02:00:00Z'));
      expect(httpKey?.startsWith('schedule/')).toBe(true);
    });
  });

  describe('reading the header', () => {
    it('reads an Idempotency-Key sent as a quoted structured-field string like a bare one', () => {
      // Act
      const keys = [
        requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': '"k-42"' }),
        requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': 'k-42' }),
      ];

      // Assert
      expect(keys).toEqual(['api-key/key:k-42', 'api-key/key:k-42']);
    });

    it('trims spaces around a key', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': '  k-7 ' });

      // Assert
      expect(key).toBe('api-key/key:k-7');
    });

    it('gives no key for a request without a key header: it will simply run', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'content-type': 'application/json' });

      // Assert
      expect(key).toBeUndefined();
    });

    it.each([
      ['a blank Idempotency-Key', BY_API_KEY, { 'idempotency-key': '   ' }, undefined],
      ['empty quotes', BY_API_KEY, { 'idempotency-key': '""' }, undefined],
      [
        'a blank Idempotency-Key beside X-GitHub-Delivery',
        BY_HUB_SIGNATURE,
        { 'idempotency-key': ' ', 'x-github-delivery': 'd-1' },
        'hub-signature/github:d-1',
      ],
      ['a blank X-GitHub-Delivery', BY_HUB_SIGNATURE, { 'x-github-delivery': '  ' }, undefined],
    ])('treats %s as absent', (_case, authentication, headers, expected) => {
      // Act
      const key = requestIdempotencyKey(authentication, headers);

      // Assert
      expect(key).toBe(expected);
    });

    it('accepts a key of the longest allowed length', () => {
      // Act
      const key = requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': 'k'.repeat(MAX_KEY_LENGTH) });

      // Assert
      expect(key).toBe(`api-key/key:${'k'.repeat(MAX_KEY_LENGTH)}`);
    });

    it('refuses an overlong Idempotency-Key with a 400 naming the header', () => {
      // Act
      const problem = problemThrownBy(() =>
        requestIdempotencyKey(BY_API_KEY, { 'idempotency-key': 'k'.repeat(MAX_KEY_LENGTH + 1) }),
      );

      // Assert
      expect(problem.status).toBe(400);
      expect(problem.extra.errors).toEqual([
        { field: 'Idempotency-Key', message: expect.stringContaining(String(MAX_KEY_LENGTH)) },
      ]);
    });
  });
});

describe('scheduleIdempotencyKey', () => {
  it('keys an occurrence by the schedule’s name and scheduled time', () => {
    // Act
    const key = scheduleIdempotencyKey('nightly-welcome', '2026-11-26T02:00:00Z');

    // Assert
    expect(key).toBe('schedule:nightly-welcome@2026-11-26T02:00:00Z');
  });

  it('gives two occurrences of one schedule different keys', () => {
    // Act
    const keys = [
      scheduleIdempotencyKey('nightly-welcome', '2026-11-26T02:00:00Z'),
      scheduleIdempotencyKey('nightly-welcome', '2026-11-27T02:00:00Z'),
    ];

    // Assert
    expect(keys[0]).not.toBe(keys[1]);
  });
});
