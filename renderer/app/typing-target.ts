// Single-key shortcuts (1–5, e / E) stay out of the way while the user types. Monaco 0.57 types
// into an EditContext element that is neither an input nor contentEditable: without the
// .monaco-editor check, typing "1" in the SQL editor switched to the Overview.
export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return (
    t.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) ||
    t.closest('.monaco-editor, [role="textbox"]') !== null
  );
}
