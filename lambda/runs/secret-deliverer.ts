import { misconfigured } from '../http/problem';
import type { AdapterSecret } from '../secrets/adapter-secret';
import type { SecretSource } from '../secrets/secret-source';
import type { DeliverCallback } from './callback-delivery';
import { createCallbackDeliverer } from './deliver-callback';

/**
 * The callback sender as the secret's `outbound` part says: its signing secret and allowed hosts,
 * with `http:` and loopback allowed only when `ALLOW_HTTP_CALLBACK` is on. Made once per secret
 * value (the source hands out the same object while it is cached), so a rotated signing secret is
 * used from the next attempt on. A secret without `outbound` fails the attempt with a 500 naming it.
 */
const secretDeliverer = (loadSecret: SecretSource, allowHttp: boolean): (() => Promise<DeliverCallback>) => {
  const bySecret = new WeakMap<AdapterSecret, DeliverCallback>();
  return async () => {
    const secret = await loadSecret();
    const known = bySecret.get(secret);
    if (known !== undefined) return known;
    if (secret.outbound === undefined) {
      throw misconfigured('The secret has no outbound part: outbound.callbackSigningSecret is needed for callbacks.');
    }
    const deliverer = createCallbackDeliverer({
      signingSecret: secret.outbound.callbackSigningSecret,
      policy: { allowHttp, allowedHosts: secret.outbound.callbackHosts },
    });
    bySecret.set(secret, deliverer);
    return deliverer;
  };
};

export { secretDeliverer };
