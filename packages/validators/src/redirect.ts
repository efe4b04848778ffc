/**
 * Where to send a user after signing in (or any other `next` / return value that arrives from a
 * query string or a form): only a path on this same site survives.
 */

/** The longest path kept; anything longer is not a link we produced. */
const MAX_LENGTH = 2048;
/** Percent-decoding rounds checked: enough for double and triple encoding, bounded. */
const MAX_DECODE_ROUNDS = 4;
/** C0 controls, DEL and C1 controls (a NUL, a tab or a newline never belongs in a path). */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
const BASE = "http://fanfare.invalid";

/** One form of the value (raw, or decoded N times) is a safe same-origin path. */
function isSafeForm(path: string): boolean {
  // A single "/" then anything but "/" or "\": "//host" and "/\host" are read by browsers as
  // another host (backslashes count as slashes in http(s) URLs, WHATWG URL Standard).
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  // No backslash anywhere (no path of ours has one) and no control character.
  if (path.includes("\\") || hasControlCharacter(path)) return false;
  return true;
}

/**
 * `raw` when it is a relative path on this site, else `fallback`.
 *
 * Survives: a string of at most 2,048 characters that starts with exactly one "/", contains no
 * backslash and no control character (C0, DEL, C1), and stays so after every round of
 * percent-decoding (so `/%2F%2Fevil.example`, `/%5Cevil.example` and their double-encoded forms
 * such as `/%252F%252Fevil.example` are refused), and that a URL parser resolves on our own
 * origin. Refused: absolute URLs (`https://evil.example`, `javascript:…`), protocol-relative
 * `//evil.example`, `/\evil.example`, `\\evil.example`, malformed percent-encoding, non-strings.
 * The value is returned as given (not re-serialised), so what was checked is what is used.
 *
 * Source of the rule: OWASP Unvalidated Redirects and Forwards Cheat Sheet (allow only local
 * paths), and the WHATWG URL Standard's treatment of "\" and leading "//".
 * @param fallback a known-good path (default "/dashboard").
 */
export function safeRedirectPath(raw: unknown, fallback = "/dashboard"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  let form = raw;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    if (!isSafeForm(form)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return fallback; // malformed percent-encoding
    }
    if (decoded === form) break;
    if (round === MAX_DECODE_ROUNDS) return fallback; // still encoded after every round: refuse
    form = decoded;
  }
  try {
    const url = new URL(raw, BASE);
    if (url.origin !== BASE || url.pathname.startsWith("//")) return fallback;
  } catch {
    return fallback;
  }
  return raw;
}
