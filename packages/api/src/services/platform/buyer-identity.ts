import { createHmac } from "node:crypto";

import { authSecret } from "@fanfare/auth/server";

import { base32Chars } from "./api-key-format";

/**
 * The buyer as an artist's integrations see them (issue 15 §2): the name and email only when the
 * buyer agreed at checkout to share them (`Sale.buyerContactOptIn`); otherwise a stable
 * pseudonymous id, `buyer_<24 base-32 characters>`: an HMAC-SHA256 of the artist's id and the
 * buyer's email (trimmed, lower case) under the app's secret (AUTH_SECRET), so the same buyer has
 * the same id across one artist's sales (repeat buyers can be counted) but different ids for
 * different artists (two artists cannot join their lists), and nobody without the secret can
 * test a guessed email against it. The id changes if AUTH_SECRET is rotated.
 * The REST API's `GET /v1/sales` and the `sale.completed` webhook both use this.
 */
export function buyerPseudonym(
  input: { email: string; artistId: string },
  secret: string = authSecret(),
): string {
  const mac = createHmac("sha256", secret)
    .update(`fanfare-buyer\u0000${input.artistId}\u0000${input.email.trim().toLowerCase()}`)
    .digest();
  return `buyer_${base32Chars(mac.subarray(0, 24))}`;
}

/**
 * The buyer fields an artist's API or webhook carries for one sale: `{ id, contactShared, name,
 * email }`, name and email null unless the buyer opted in.
 */
export function buyerForArtist(
  sale: { buyerEmail: string; buyerName: string | null; buyerContactOptIn: boolean },
  artistId: string,
  secret?: string,
) {
  return {
    id: buyerPseudonym({ email: sale.buyerEmail, artistId }, secret),
    contactShared: sale.buyerContactOptIn,
    name: sale.buyerContactOptIn ? sale.buyerName : null,
    email: sale.buyerContactOptIn ? sale.buyerEmail : null,
  };
}
