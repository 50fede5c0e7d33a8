// XML 1.0 forbids these code points even as character references; error details (ANSI colour
// codes from a child's stderr, NULs from a socket) must not make a report unparseable.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an XML/HTML element or a quoted attribute (forbidden control characters become U+FFFD). */
export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/**
 * An attribute value: escaped, with line breaks and tabs as character references, because an
 * XML parser normalises literal ones in attributes to spaces.
 */
export function escapeAttribute(text: string): string {
  return escapeMarkup(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
