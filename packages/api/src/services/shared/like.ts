/**
 * `text` as a literal for Prisma's `contains` / `startsWith` / `endsWith` filters on PostgreSQL.
 * Prisma passes the value into `LIKE` / `ILIKE` unescaped, so `%` and `_` typed into a search
 * box would match any text and any one character ("100%" would find "1000 Pure"). Each of `%`,
 * `_` and `\` (PostgreSQL's default LIKE escape character) is escaped with a backslash.
 * Source: PostgreSQL manual, 9.7.1 "LIKE" (the default escape character is the backslash).
 * @example likeLiteral("100%_off") // "100\\%\\_off"
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
