/**
 * A run action's input fields as the adapter's simplified payload: the ids as Zapier converted
 * them, the custom events one name per entry. An entry mapped in as one comma-separated text (what
 * a previous step often gives) is split, since no event name holds a comma; blank names are
 * dropped. The adapter checks every value itself and answers a 400 naming the field, which the Zap
 * author then sees.
 */
const runCommandOf = (inputData) => ({
  contactListId: inputData.contactListId,
  importJobId: inputData.importJobId,
  customEvents: (inputData.customEvents ?? [])
    .flatMap((entry) => String(entry).split(','))
    .map((name) => name.trim())
    .filter((name) => name !== ''),
});

module.exports = { runCommandOf };
