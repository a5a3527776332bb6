/**
 * The HTML of service content (服务产品加工), cleaned on the server before it is stored: a strict
 * whitelist of what the web's rich-text editor (Tiptap's starter kit) writes — paragraphs, headings
 * 2–4, bold, italic, underline, strike, code, lists, quotes, code blocks, rules, line breaks and
 * links (http, https and mailto only, opened in a new tab with rel="noopener noreferrer nofollow").
 * Everything else goes: scripts and styles with their text, event handlers, style and class
 * attributes, images, iframes, forms, javascript: and data: URLs. sanitize-html (htmlparser2)
 * parses, so malformed markup cannot smuggle anything past the whitelist.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr', 'br', 'a'],
  allowedAttributes: { a: ['href', 'target', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'svg', 'math'],
  transformTags: {
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
  },
};

/** The content's HTML with only the whitelisted markup left. */
export function sanitizeContentHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** The text of sanitised HTML (for "is it empty?" and list summaries). */
export function htmlText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
