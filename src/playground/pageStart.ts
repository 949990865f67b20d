/**
 * The page's start (PageStart) as the host writes it into the page's HTML and as the page reads
 * it back: JSON in a double-quoted attribute. Pure (no vscode, no DOM), so the host, the page and
 * a unit test share the one rule.
 */
import { isSceneId, type PageStart } from '../protocol';

/**
 * The attribute's value: the JSON with the five characters that could end the attribute or start
 * markup written as character references, which the browser turns back before the page reads it.
 */
export function startAttribute(start: PageStart): string {
  return JSON.stringify(start).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The start, as far as the attribute's text reads as one. The host wrote it from a focus it had
 * checked; a start the page cannot read opens the page as a new one opens (saved scene, no focus,
 * no first-chart time).
 */
export function readStart(text: string | undefined): PageStart {
  try {
    const s = JSON.parse(text ?? '') as Partial<PageStart> | null;
    if (!s || typeof s !== 'object') return { openedAt: 0 };
    const focus = s.focus;
    return {
      openedAt: typeof s.openedAt === 'number' && Number.isFinite(s.openedAt) ? s.openedAt : 0,
      ...(focus && typeof focus === 'object' && isSceneId(focus.scene) ? { focus } : {}),
    };
  } catch {
    return { openedAt: 0 };
  }
}
