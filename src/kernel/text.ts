/**
 * User text is stored as plain text, never as HTML: tags are removed, control characters
 * (other than line breaks and tabs in long text) dropped, and Unicode normalised, so
 * nothing a seller types can become markup on a buyer's screen. Pages escape on output too.
 */
const TAG_PATTERN = /<\/?[a-zA-Z!][^<>]*>/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const CONTROL_EXCEPT_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

export function cleanLine(text: string): string {
  return text.normalize('NFC').replace(TAG_PATTERN, '').replace(CONTROL_EXCEPT_BREAKS, '').replace(/\s+/g, ' ').trim();
}

export function cleanParagraphs(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(TAG_PATTERN, '')
    .replace(CONTROL_EXCEPT_BREAKS, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
