import { describe, expect, it } from 'vitest';
import {
  MAX_KEY_LENGTH,
  requestIdempotencyKey,
  scheduleIdempotencyKey,
} from '../../../lambda/idempotency/idempotency-key';
import { problemThrownBy } from '../../support/factories';

describe('requestIdempotencyKey', () => {
  it('keys a Standard Webhooks delivery by its webhook-id', () => {
    // Act
    const key = requestIdempotencyKey({ 'webhook-id': 'msg_2p9Wq1' });

    // Assert
    expect(key).toBe('webhook:msg_2p9Wq1');
  });

  it('keys a request by its Idempotency-Key when there is no webhook-id', () => {
    // Act
    const key = requestIdempotencyKey({ 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' });

    // Assert
    expect(key).toBe('key:8e03978e-40d5-43e8-bc93-6894a57f9324');
  });

  it('prefers webhook-id over Idempotency-Key', () => {
    // Act
    const key = requestIdempotencyKey({ 'webhook-id': 'msg_1', 'idempotency-key': 'k-1' });

    // Assert
    expect(key).toBe('webhook:msg_1');
  });

  it('files the same text under different kinds, so a header cannot stand for another kind of key', () => {
    // Act
    const keys = [
      requestIdempotencyKey({ 'webhook-id': 'same' }),
      requestIdempotencyKey({ 'idempotency-key': 'same' }),
    ];

    // Assert
    expect(new Set(keys).size).toBe(2);
  });

  it('reads an Idempotency-Key sent as a quoted structured-field string like a bare one', () => {
    // Act
    const keys = [
      requestIdempotencyKey({ 'idempotency-key': '"k-42"' }),
      requestIdempotencyKey({ 'idempotency-key': 'k-42' }),
    ];

    // Assert
    expect(keys).toEqual(['key:k-42', 'key:k-42']);
  });

  it('trims spaces around a key', () => {
    // Act
    const key = requestIdempotencyKey({ 'idempotency-key': '  k-7 ' });

    // Assert
    expect(key).toBe('key:k-7');
  });

  it('gives no key for a request without either header: it will simply run', () => {
    // Act
    const key = requestIdempotencyKey({ 'content-type': 'application/json' });

    // Assert
    expect(key).toBeUndefined();
  });

  it.each([
    ['an empty webhook-id', { 'webhook-id': '', 'idempotency-key': 'k-1' }, 'key:k-1'],
    ['a blank Idempotency-Key', { 'idempotency-key': '   ' }, undefined],
    ['empty quotes', { 'idempotency-key': '""' }, undefined],
  ])('treats %s as absent', (_case, headers, expected) => {
    // Act
    const key = requestIdempotencyKey(headers);

    // Assert
    expect(key).toBe(expected);
  });

  it('accepts a key of the longest allowed length', () => {
    // Act
    const key = requestIdempotencyKey({ 'idempotency-key': 'k'.repeat(MAX_KEY_LENGTH) });

    // Assert
    expect(key).toBe(`key:${'k'.repeat(MAX_KEY_LENGTH)}`);
  });

  it.each([
    ['webhook-id', 'webhook-id'],
    ['idempotency-key', 'Idempotency-Key'],
  ])('refuses an overlong %s with a 400 naming the header', (header, field) => {
    // Act
    const problem = problemThrownBy(() => requestIdempotencyKey({ [header]: 'k'.repeat(MAX_KEY_LENGTH + 1) }));

    // Assert
    expect(problem.status).toBe(400);
    expect(problem.extra.errors).toEqual([{ field, message: expect.stringContaining(String(MAX_KEY_LENGTH)) }]);
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
