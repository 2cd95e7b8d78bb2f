/**
 * The ImportJob in an adapter answer or callback, as the step's output. The adapter already
 * normalized it; an answer without its `id` is not one, and saying the step succeeded would hide that.
 */
const importJobOf = (z, body) => {
  if (typeof body !== 'object' || body === null || typeof body.id !== 'number') {
    throw new z.errors.Error('The adapter answered without an import job.', 'MalformedAdapterAnswer');
  }
  return body;
};

module.exports = { importJobOf };
