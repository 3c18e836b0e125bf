// Runs before every test file. Tests never reach the network beyond this machine: any outbound
// connection to a non-loopback address fails loudly (STYLE.md §10, Outline's msw onUnhandledRequest).
import net from 'node:net';

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
const originalConnect = Reflect.get(net.Socket.prototype, 'connect') as Connect;
const LOOPBACK = /^(127\.|::1$|localhost$)/;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'object' && first !== null && 'host' in first) {
    const host = (first as { host?: unknown }).host;
    return typeof host === 'string' ? host : undefined;
  }
  return typeof args[1] === 'string' ? args[1] : undefined;
}

function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Tests may not connect outside this machine (tried ${host})`);
  }
  return originalConnect.apply(this, args);
}

Reflect.set(net.Socket.prototype, 'connect', guardedConnect);
