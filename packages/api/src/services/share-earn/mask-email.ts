/**
 * An email address with its local part hidden but for the first character, for a message that
 * must say where a link went without showing the address to whoever holds the page:
 * "bea@example.com" -> "b***@example.com". The domain stays (the buyer recognises their inbox);
 * the number of stars is fixed, so the length of the name is not revealed either.
 * @param email an address with one "@" (anything else is masked whole: "***").
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
