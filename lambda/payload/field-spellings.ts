/** The fields of the simplified payload, by the name errors report them under. */
type PayloadField = 'contactListId' | 'importJobId' | 'customEvents' | 'callbackUrl' | 'follow';

/**
 * Every key a caller may use for each field, canonical name first. Matched exactly: the usual
 * spellings of webhook tools and of the upstream itself, and nothing looser. `callbackUrl` and
 * `follow` belong to an async run's command: listed here, signature coverage holds them to the
 * signed body like the ids.
 */
const FIELD_SPELLINGS: Readonly<Record<PayloadField, readonly string[]>> = {
  contactListId: ['contactListId', 'contact_list_id', 'ContactListId'],
  importJobId: ['importJobId', 'import_job_id', 'ImportJobId'],
  customEvents: ['customEvents', 'custom_events', 'CustomEvents', 'customevents'],
  callbackUrl: ['callbackUrl', 'callback_url', 'CallbackUrl'],
  follow: ['follow'],
};

export { FIELD_SPELLINGS, type PayloadField };
