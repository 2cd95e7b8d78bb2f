/**
 * A run action's input fields as the adapter's simplified payload: ids as Zapier converted them,
 * the custom events with blank lines dropped. The adapter checks every value itself (ranges, event
 * names) and answers a 400 naming the field, which the Zap author then sees.
 */
const runCommandOf = (inputData) => ({
  contactListId: inputData.contactListId,
  importJobId: inputData.importJobId,
  customEvents: (inputData.customEvents ?? []).map((name) => String(name).trim()).filter((name) => name !== ''),
});

module.exports = { runCommandOf };
