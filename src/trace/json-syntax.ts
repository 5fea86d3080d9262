/**
 * JSON syntax errors in words that do not depend on the Node version, found
 * with jsonc-parser (only once JSON.parse has rejected the text). Shared by
 * the audit-log reader and the trace reader.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * The first JSON syntax error of `raw`: its offset in `raw` (0-based), its
 * 1-based column when `raw` is one line, and what is wrong there in words
 * (`colon expected`), not JSON.parse's message, whose 0-based "position"
 * contradicts the column and whose wording changes between Node versions.
 */
export function jsonSyntaxError(raw: string, parseError: unknown): { offset: number; column: number; message: string } {
  const errors: ParseError[] = [];
  parseTree(raw, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  // jsonc-parser accepts nothing JSON.parse rejects that we know of; if it does, JSON.parse's words.
  if (!first) return { offset: 0, column: 1, message: (parseError as Error).message };
  const code = printParseErrorCode(first.error);
  const words = code === 'EndOfFileExpected' ? 'nothing expected after the object' : code.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : ` ${c.toLowerCase()}`));
  // Errors inside a string are reported at the string's start: point at the character itself.
  // A raw line break ends jsonc-parser's string early ('unexpected end of string'): it is a control character too.
  const control = code === 'InvalidCharacter' || code === 'UnexpectedEndOfString';
  const inString = control ? /[\u0000-\u001f]/ : code === 'InvalidUnicode' || code === 'InvalidEscapeCharacter' ? /\\(?:u(?![0-9a-fA-F]{4})|[^"\\/bfnrtu])/ : undefined;
  const at = inString?.exec(raw.slice(first.offset, first.offset + first.length + 1));
  const message = control && at ? 'control character in a string (escape it)' : words;
  const offset = first.offset + (at ? at.index : 0);
  return { offset, column: offset + 1, message };
}
