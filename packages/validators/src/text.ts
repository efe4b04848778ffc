/**
 * One rule for every piece of text a person or client sends: no NUL and no other C0/C1 control
 * characters (U+0000–U+001F, U+007F DEL, U+0080–U+009F). NUL cannot be stored in PostgreSQL text
 * (it answered 500 before), and ESC (U+001B) starts ANSI terminal sequences that would reach
 * admins' terminals and logs from a track title. Multi-line fields still allow line feed, carriage
 * return and tab. Nothing is stripped silently: the input is refused with a message naming the
 * field and the character.
 */
import { z } from "zod";

// Built from code points so the source holds no control characters itself.
const range = (from: number, to: number) =>
  `\\u${from.toString(16).padStart(4, "0")}-\\u${to.toString(16).padStart(4, "0")}`;
const SINGLE_LINE_FORBIDDEN = new RegExp(`[${range(0x00, 0x1f)}${range(0x7f, 0x9f)}]`);
const MULTI_LINE_FORBIDDEN = new RegExp(
  `[${range(0x00, 0x08)}\\u000b\\u000c${range(0x0e, 0x1f)}${range(0x7f, 0x9f)}]`,
);

export type TextRuleOptions = {
  /** Allow \n, \r and \t (descriptions, bios). Default false. */
  multiline?: boolean;
};

/**
 * The first forbidden control character in `value`, as "U+001B", or null when there is none.
 * Route handlers use it for path segments, tokens and file names.
 */
export function findControlCharacter(value: string, opts: TextRuleOptions = {}): string | null {
  const m = (opts.multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(value);
  if (!m) return null;
  return `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The message for a refused control character in the field `label`. */
export function controlCharacterMessage(label: string, codePoint: string): string {
  const name =
    codePoint === "U+0000" ? "a NUL character (U+0000)" : `a control character (${codePoint})`;
  return `${label} contains ${name}, which is not allowed.`;
}

/**
 * A zod string that refuses control characters (see the file comment), with messages naming
 * `label`. Chain `.trim()`, `.min()`, `.max()` on it as on `z.string()`.
 */
export function zText(label: string, opts: TextRuleOptions = {}) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined ? `${label} is required.` : `${label} must be text.`,
    })
    .check((ctx) => {
      const found = findControlCharacter(ctx.value, opts);
      if (found)
        ctx.issues.push({
          code: "custom",
          message: controlCharacterMessage(label, found),
          input: ctx.value,
        });
    });
}

/** An id (cuid, token, cursor, job id): 1–`max` characters, no control characters. */
export function zId(label = "Id", max = 64) {
  return zText(label).min(1, `${label} is required.`).max(max, `${label} is too long.`);
}
