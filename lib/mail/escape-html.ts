// Text into HTML for the few literal strings an email template puts around already-sanitized
// comment HTML (subject line, link).
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]);
