import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay between Chromium and the lab that can hold what the browser sends. Playwright
 * cannot route the first navigation of a tab the extension opens (it attaches to the tab after the
 * request left), so holding bytes on the wire is how a test keeps idp/login "in flight" while it
 * looks at the popup. Responses are never held; TLS passes through untouched.
 */
export interface PausableProxy {
  readonly port: number;
  /** From now on, bytes from the browser wait here until `resume`. */
  pause(): void;
  resume(): void;
  /** Resolves once the browser has sent something while paused. */
  held(): Promise<void>;
  close(): Promise<void>;
}

export async function startPausableProxy(targetPort: number): Promise<PausableProxy> {
  let paused = false;
  let pending: (() => void)[] = [];
  let heldWaiters: (() => void)[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (!paused) {
        upstream.write(chunk);
        return;
      }
      client.pause();
      pending.push(() => {
        upstream.write(chunk);
        client.resume();
      });
      for (const notify of heldWaiters) notify();
      heldWaiters = [];
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // -- reason: a TCP listener's address() is always an AddressInfo

  const resume = (): void => {
    paused = false;
    const queued = pending;
    pending = [];
    for (const send of queued) send();
  };
  return {
    port,
    pause() {
      paused = true;
    },
    resume,
    held() {
      if (pending.length > 0) return Promise.resolve();
      return new Promise((resolve) => heldWaiters.push(resolve));
    },
    async close() {
      resume();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** The lab's resolver rules pointed at another port on loopback (the proxy). */
export function rulesThroughPort(hostResolverRules: string, labPort: number, port: number): string {
  return hostResolverRules.replaceAll(`127.0.0.1:${String(labPort)}`, `127.0.0.1:${String(port)}`);
}

/** The rules with only the given host patterns (as written in the rules) sent to another port. */
export function rulesThroughPortFor(hostResolverRules: string, patterns: readonly string[], port: number): string {
  return hostResolverRules
    .split(', ')
    .map((rule) => {
      const map = /^MAP (\S+) 127\.0\.0\.1:\d+$/.exec(rule);
      return map?.[1] !== undefined && patterns.includes(map[1]) ? `MAP ${map[1]} 127.0.0.1:${String(port)}` : rule;
    })
    .join(', ');
}
