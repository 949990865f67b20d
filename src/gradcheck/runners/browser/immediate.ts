/**
 * setImmediate for the browser bundles (injected by name, so only our code sees it): a macrotask
 * through a MessageChannel, which, unlike setTimeout(0), is not clamped to 4 ms when nested, so
 * work done in slices yields to messages without idling between them.
 */
type Port = { onmessage: (() => void) | null; postMessage(m: null): void };
declare const MessageChannel: new () => { port1: Port; port2: Port };

const queue: Array<() => void> = [];
let channel: { port1: Port; port2: Port } | undefined;

export function setImmediate(callback: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
  }
  queue.push(callback);
  channel.port2.postMessage(null);
}
