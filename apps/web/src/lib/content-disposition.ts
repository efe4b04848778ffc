/**
 * A `Content-Disposition: attachment` value with an ASCII fallback name (no quote or backslash,
 * which would end or escape the quoted string) and the exact UTF-8 one (RFC 6266; RFC 5987's
 * attr-char, so `'()*` are percent-encoded too). Used by every file download route.
 */
export const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(
    fileName,
  ).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
