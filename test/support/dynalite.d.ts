/** The part of dynalite's API the tests use: it returns a plain Node HTTP server. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** How long CreateTable takes to make a table ACTIVE; 0 for at once. */
    createTableMs?: number;
  }

  const dynalite: (options?: DynaliteOptions) => Server;
  export default dynalite;
}
