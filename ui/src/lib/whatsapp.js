// WhatsApp's text formatting, shown safely: the text is escaped first, so
// nothing a customer types becomes markup; then *bold*, _italic_,
// ~strike~, `code` and ```monospace``` become tags, and http(s) links
// become links that open in a new tab.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** escapeHTML escapes the five HTML-special characters. */
export function escapeHTML(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
}

// A marker opens after the start, a space or punctuation and closes before
// the end, a space or punctuation, with no space just inside it (as
// WhatsApp does: "a*b*c" and "2 * 3 * 4" stay as typed).
const before = String.raw`(^|[\s([{>"'.,;:!?-])`;
const after = String.raw`(?=$|[\s)\]}<"'.,;:!?-])`;
const span = (m) => new RegExp(`${before}\\${m}(\\S(?:[^${m}\\n]*?\\S)?)\\${m}${after}`, 'g');
const BOLD = span('*');
const ITALIC = span('_');
const STRIKE = span('~');
const LINK = /\bhttps?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)]/g;

/**
 * whatsappHTML returns text as HTML formatted the way WhatsApp shows it;
 * the result is safe for {@html}: only the tags above are produced.
 */
export function whatsappHTML(text) {
  const kept = [];
  const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
  // code and links are cut out of the raw text and escaped on their own:
  // their content is shown as typed
  let s = String(text ?? '').replace(/\u0000/g, '');
  s = s.replace(/```([\s\S]+?)```/g, (_, c) => keep(`<code class="block">${escapeHTML(c)}</code>`));
  s = s.replace(/`([^`\n]+)`/g, (_, c) => keep(`<code>${escapeHTML(c)}</code>`));
  s = s.replace(LINK, (u) => keep(`<a href="${escapeHTML(u)}" target="_blank" rel="noopener noreferrer">${escapeHTML(u)}</a>`));
  s = escapeHTML(s);
  for (let i = 0; i < 2; i++) {
    // twice, so *_both_* and _*both*_ format either way round
    s = s.replace(BOLD, '$1<strong>$2</strong>').replace(ITALIC, '$1<em>$2</em>').replace(STRIKE, '$1<s>$2</s>');
  }
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => kept[Number(i)]);
}
