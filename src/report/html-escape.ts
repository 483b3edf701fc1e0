/**
 * Escape text for HTML element content and double- or single-quoted attribute values:
 * `& < > " '` become entities, so no input can open a tag or leave an attribute.
 *
 * Example: `escapeHtml('<script>alert("x")</script>')` → `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Plain text to escaped `<p>` paragraphs: blank lines separate paragraphs, single newlines
 * become `<br>`. Verdict and method texts are generated as plain text, so this is all the markup they need.
 */
export function paragraphs(text: string, className?: string): string {
  const cls = className ? ` class="${escapeHtml(className)}"` : '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p${cls}>${p.trim().split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}
