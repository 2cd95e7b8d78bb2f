import { describe, expect, it } from 'vitest';
import { jsonAnswer } from '../../../lambda/http/answers';

describe('jsonAnswer', () => {
  it('answers JSON with the status, the body and any extra headers', () => {
    // Arrange
    const body = { status: 'ok' };

    // Act
    const answer = jsonAnswer(200, body, { 'idempotent-replayed': 'true' });

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toEqual({ 'Content-Type': 'application/json', 'idempotent-replayed': 'true' });
    expect(JSON.parse(answer.body)).toEqual(body);
  });
});
