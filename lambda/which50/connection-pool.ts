import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';

/**
 * How long a connection may sit idle and still be reused: below the idle timeouts of the servers
 * and load balancers Which50 may sit behind (Node 5 s, AWS ALB 60 s, nginx 75 s, IIS 120 s), so the
 * adapter does not write to a connection the server is about to close. `fetch` pools for as long.
 */
const IDLE_LIMIT_MS = 4_000;

/** When each pooled connection last went idle, by wall clock, which keeps running while a Lambda is frozen. */
const idleSince = new WeakMap<Duplex, number>();

class ExpiringHttpAgent extends HttpAgent {
  override keepSocketAlive(socket: Duplex): void {
    idleSince.set(socket, Date.now());
    return super.keepSocketAlive(socket);
  }
}

class ExpiringHttpsAgent extends HttpsAgent {
  override keepSocketAlive(socket: Duplex): void {
    idleSince.set(socket, Date.now());
    return super.keepSocketAlive(socket);
  }
}

/** The kept-alive connections to Which50, one pool per scheme, made once and reused by warm invocations. */
interface ConnectionPool {
  agentFor(protocol: string): HttpAgent;
  /** Closes the idle connections that have idled past the limit, so that none of them is reused. */
  dropExpired(now?: number): void;
  /** Closes every idle connection: one was found dead, and its siblings are likely dead too. */
  dropIdle(): void;
  /** Closes every connection, idle or not. */
  close(): void;
}

/** Visits the agent's idle connections (closing one only takes it out of the pool later, on its 'close'). */
const forEachIdleSocket = (agent: HttpAgent, visit: (socket: Duplex) => void): void => {
  for (const name in agent.freeSockets) for (const socket of agent.freeSockets[name] ?? []) visit(socket);
};

/**
 * Makes the pool. Node's agent already closes a connection that idles past the limit, but only
 * when its timer runs; a Lambda frozen between invocations runs no timers, and on thaw the new
 * invocation can pick a connection the server closed minutes ago before that timer fires. Each
 * connection is therefore stamped when it goes idle and checked by wall clock before reuse.
 */
const createConnectionPool = (idleLimitMs: number = IDLE_LIMIT_MS): ConnectionPool => {
  const options = { keepAlive: true, timeout: idleLimitMs, scheduling: 'lifo' } as const;
  const agents = [new ExpiringHttpAgent(options), new ExpiringHttpsAgent(options)] as const;
  const [http, https] = agents;

  const dropExpired = (now = Date.now()): void => {
    for (const agent of agents) {
      forEachIdleSocket(agent, (socket) => {
        if (now - (idleSince.get(socket) ?? now) >= idleLimitMs) socket.destroy();
      });
    }
  };

  const dropIdle = (): void => {
    for (const agent of agents) forEachIdleSocket(agent, (socket) => socket.destroy());
  };

  return {
    agentFor: (protocol) => (protocol === 'https:' ? https : http),
    dropExpired,
    dropIdle,
    close: () => {
      for (const agent of agents) agent.destroy();
    },
  };
};

export { type ConnectionPool, createConnectionPool, IDLE_LIMIT_MS };
