/** Input types whose keys are not text: shortcuts still work while one of them has focus. */
const NOT_TEXT = new Set([
  'range',
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'file',
  'color',
]);

/** Whether keys pressed in `target` are someone typing (so shortcuts must leave them alone). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !NOT_TEXT.has((el as HTMLInputElement).type);
}

/**
 * Whether `target` uses the arrow keys itself: a slider (the timeline, the speed), any other
 * input, a list box, a text area. ← and → must then move it, not change a chapter's scene.
 */
export function usesArrowKeys(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (isTyping(el) || el.tagName === 'INPUT') return true;
  const role = el.getAttribute('role');
  return role === 'slider' || role === 'listbox';
}
