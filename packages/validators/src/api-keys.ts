import { z } from "zod";

import { zId, zText } from "./text";

/**
 * API keys (issue 15 §1): the scopes with the words the settings page shows, and the inputs of
 * the `apiKey` router, shared by the API and the forms. The scope list is the database's
 * `API_KEY_SCOPES` (packages/db/src/kinds.ts, CHECKed by `ApiKey_rules_check`); packages/api
 * asserts at compile time that the two lists agree.
 */
export const API_KEY_SCOPE_INFO = {
  "stats:read": {
    label: "Read stats",
    description: "Clicks, sales and commission by period (GET /v1/stats).",
    artistsOnly: false,
  },
  "links:read": {
    label: "Read links",
    description: "Your links with their clicks and sales (GET /v1/links…).",
    artistsOnly: false,
  },
  "links:write": {
    label: "Create links",
    description: "Get or create your link for a track (POST /v1/links).",
    artistsOnly: false,
  },
  "commissions:read": {
    label: "Read commissions",
    description: "Your commissions and their status (GET /v1/commissions).",
    artistsOnly: false,
  },
  "payouts:read": {
    label: "Read payouts",
    description: "Your payouts (GET /v1/payouts).",
    artistsOnly: false,
  },
  "sales:read": {
    label: "Read your track sales",
    description:
      "Sales of your tracks, with the buyer's name and email only when they agreed to share them (GET /v1/sales). Artists only.",
    artistsOnly: true,
  },
  "webhooks:write": {
    label: "Manage webhooks",
    description: "List, add and delete your webhook endpoints (GET, POST, DELETE /v1/webhooks).",
    artistsOnly: false,
  },
} as const;

export type ApiKeyScopeName = keyof typeof API_KEY_SCOPE_INFO;
export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPE_INFO) as ApiKeyScopeName[];

/** The most active (not revoked, not expired) keys one user may hold. */
export const MAX_ACTIVE_API_KEYS = 25;
/** The latest expiry a key may be given: two years ahead. */
export const MAX_API_KEY_LIFETIME_DAYS = 730;
/** The highest per-key limit an admin may set (the column's CHECK allows 1–1,000,000). */
export const MAX_API_REQUESTS_PER_HOUR = 1_000_000;

const scopeMessage = `Choose scopes among ${API_KEY_SCOPE_NAMES.join(", ")}.`;

/** `apiKey.create`: a name, at least one scope (each once), an optional expiry in the future. */
export const ZCreateApiKeyInput = z.object({
  name: zText("Name")
    .trim()
    .min(1, "Name is required: say where the key is used, e.g. “My spreadsheet”.")
    .max(60, "Name must be at most 60 characters."),
  scopes: z
    .array(z.enum(API_KEY_SCOPE_NAMES as [ApiKeyScopeName, ...ApiKeyScopeName[]], scopeMessage), {
      error: "Scopes must be a list.",
    })
    .min(1, "Choose at least one scope.")
    .refine((s) => new Set(s).size === s.length, "List each scope once."),
  /** When the key stops working; null or absent: never. Must lie ahead, at most two years. */
  expiresAt: z.coerce
    .date({ error: "Expiry must be a date." })
    .refine((d) => d.getTime() > Date.now(), "Expiry must be in the future.")
    .refine(
      (d) => d.getTime() <= Date.now() + MAX_API_KEY_LIFETIME_DAYS * 86_400_000,
      "Expiry must be within two years.",
    )
    .nullish(),
});
export type CreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

/** `apiKey.revoke`: the key's id (one of the caller's keys). */
export const ZRevokeApiKeyInput = z.object({ keyId: zId("Key id") });
export type RevokeApiKeyInput = z.infer<typeof ZRevokeApiKeyInput>;

/**
 * `apiKey.setRateLimit` (admins): the key's own limit in requests per hour, or null to fall back
 * to the owner's tier's and the program's; and why (kept in the audit log).
 */
export const ZSetApiKeyRateLimitInput = z.object({
  keyId: zId("Key id"),
  perHour: z
    .number({ error: "Requests per hour must be a number." })
    .int("Requests per hour must be a whole number.")
    .min(1, "Requests per hour must be at least 1.")
    .max(
      MAX_API_REQUESTS_PER_HOUR,
      `Requests per hour must be at most ${MAX_API_REQUESTS_PER_HOUR.toLocaleString("en-US")}.`,
    )
    .nullable(),
  reason: zText("Reason")
    .trim()
    .min(3, "Say why you change the limit (at least 3 characters).")
    .max(500, "Keep the reason under 500 characters."),
});
export type SetApiKeyRateLimitInput = z.infer<typeof ZSetApiKeyRateLimitInput>;

/** `apiKey.adminList`: every user's keys, newest first, optionally one owner's (by email). */
export const ZAdminApiKeysInput = z.object({
  email: zText("Email").trim().max(320, "Email is too long.").optional(),
  cursor: zId("Cursor").optional().nullable(),
  limit: z
    .number()
    .int()
    .min(1, "Limit must be at least 1.")
    .max(50, "Limit must be at most 50.")
    .default(20),
});
export type AdminApiKeysInput = z.infer<typeof ZAdminApiKeysInput>;

/**
 * The settings page's create form: the name, one checkbox per scope, and the expiry typed as a
 * date (YYYY-MM-DD, empty for never; the key stops at 00:00 UTC that day). Output:
 * `apiKey.create`'s input.
 */
export const apiKeyFormSchema = z
  .object({
    name: z.string(),
    scopes: z.array(z.string()),
    expiresOn: z.string(),
  })
  .transform((v, ctx) => {
    const expiresOn = v.expiresOn.trim();
    let expiresAt: Date | null = null;
    if (expiresOn) {
      expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(expiresOn)
        ? new Date(`${expiresOn}T00:00:00Z`)
        : new Date(Number.NaN);
      if (Number.isNaN(expiresAt.getTime())) {
        ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Expiry must be a date." });
        return z.NEVER;
      }
    }
    const parsed = ZCreateApiKeyInput.safeParse({ name: v.name, scopes: v.scopes, expiresAt });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "expiresAt" ? "expiresOn" : String(issue.path[0]);
        ctx.addIssue({ code: "custom", path: [field], message: issue.message });
      }
      return z.NEVER;
    }
    return parsed.data;
  });

/**
 * The admin's limit form: requests per hour as typed (empty: clear the key's own limit, so the
 * tier's or the program's applies) and the reason. Output: `apiKey.setRateLimit`'s input without
 * the key id.
 */
export const apiKeyLimitFormSchema = z
  .object({ perHour: z.string(), reason: z.string() })
  .transform((v, ctx) => {
    const raw = v.perHour.trim().replace(/[,_\s]/g, "");
    const parsed = ZSetApiKeyRateLimitInput.omit({ keyId: true }).safeParse({
      perHour: raw === "" ? null : Number(raw),
      reason: v.reason,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: [String(issue.path[0])], message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  });
