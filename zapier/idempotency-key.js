const { createHash } = require('node:crypto');

/**
 * The `Idempotency-Key` a run action sends. The Zap author's own key wins. Otherwise the key is
 * derived from what Zapier hands to every attempt of one step alike: the Zap's id
 * (`bundle.meta.zap.id`, where the platform gives it) and the step's values as rendered for this
 * run (the command). A throttled step that Zapier reschedules, an Autoreplay and a manual replay
 * all carry the same values, so they share the key and the adapter runs the import once.
 * `bundle.meta` offers no id of the run itself, so two runs whose values are all fixed share a key
 * too; the field's help text tells the author to map the trigger's id then. A test from the Zap
 * editor (`isLoadingSample`) gets a key of its own, so it never stands in for a live run.
 *
 * `action` keeps the two run actions apart: an async run and a sync run are different requests.
 */
const idempotencyKeyFor = (action, bundle, command) => {
  const given = typeof bundle.inputData.idempotencyKey === 'string' ? bundle.inputData.idempotencyKey.trim() : '';
  if (given !== '') return given;
  const meta = bundle.meta ?? {};
  const identity = JSON.stringify([action, meta.zap?.id ?? null, meta.isLoadingSample === true, command]);
  return `zapier-${action}-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
};

module.exports = { idempotencyKeyFor };
