/** STAND-IN until the callback branch's module is merged. */
interface CallbackPolicy {
  readonly allowHttp: boolean;
  readonly allowedHosts: readonly string[] | undefined;
}

export type { CallbackPolicy };
