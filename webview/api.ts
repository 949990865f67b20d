/** The page's side of the protocol: one typed post, and the state VS Code keeps across reloads. */
import type { HostMessage, PackedMessage, SceneId, WebviewMessage } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives a reload: the open scene and each scene's controls. */
export type PageState = { scene: SceneId; scenes: Partial<Record<SceneId, unknown>> };

const api = acquireVsCodeApi();

export function post(m: WebviewMessage): void {
  api.postMessage(m);
}

/** Anything at all, for the test hook that checks the host rejects malformed messages (in builds for tests only). */
export function postRaw(m: unknown): void {
  api.postMessage(m);
}

export function loadState(): PageState | undefined {
  const s = api.getState() as PageState | undefined;
  return s && typeof s === 'object' && typeof s.scene === 'string' && typeof s.scenes === 'object' ? s : undefined;
}

export function saveState(s: PageState): void {
  api.setState(s);
}

const decoder = new TextDecoder();

/** A message as sent, or the one a `packed` message carries (UTF-8 JSON; VS Code delivers the bytes as a typed array). */
function unpack(m: HostMessage): Exclude<HostMessage, PackedMessage> {
  if (m.type !== 'packed') return m;
  const bytes: unknown = m.bytes;
  // A host that wrote the array out as JSON (no buffer transfer) sent an object of its bytes.
  const view =
    bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)
      ? bytes
      : Uint8Array.from(Object.values(bytes as Record<string, number>));
  return JSON.parse(decoder.decode(view)) as Exclude<HostMessage, PackedMessage>;
}

export function onHostMessage(f: (m: Exclude<HostMessage, PackedMessage>) => void): void {
  window.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as HostMessage;
    if (m && typeof m === 'object' && typeof m.type === 'string') f(unpack(m));
  });
}
