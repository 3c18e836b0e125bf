// Runs before every test file. Tests never reach the network beyond this machine: any outbound
// connection to a non-loopback address fails loudly (STYLE.md §10, Outline's msw onUnhandledRequest).
import net from 'node:net';

const originalConnect = net.Socket.prototype.connect;
const LOOPBACK = /^(127\.|::1$|localhost$)/;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'object' && first !== null && 'host' in first) {
    const host = (first as { host?: unknown }).host;
    return typeof host === 'string' ? host : undefined;
  }
  if (typeof args[1] === 'string') return args[1];
  return undefined;
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Tests may not connect outside this machine (tried ${host})`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
