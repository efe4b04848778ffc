import { defaults, nosecone } from "@nosecone/next";
import type { NoseconeOptions } from "@nosecone/next";

/**
 * Security headers on every response (next.config.ts `headers()`), built with nosecone.
 *
 * CSP without per-request nonces: a nonce makes every page render per request, which the page
 * caching of the speed work forbids, and hashes cannot cover Next's inline RSC payload scripts
 * (`self.__next_f.push(...)`), whose text differs per page and per render. So scripts are limited
 * to this origin plus inline ones ('unsafe-inline'); no script, style, font, image, media or
 * connection may come from another origin, no plugin (object-src 'none'), no <base> (base-uri
 * 'none'), forms post only here (form-action 'self'), and no site may frame Fanfare
 * (frame-ancestors 'none', X-Frame-Options DENY), except the embeddable players `/embed/*`
 * (`framing: "anywhere"`: frame-ancestors *, no X-Frame-Options, and Cross-Origin-Resource-Policy
 * cross-origin so a host page that requires CORP may frame them too). Frames of
 * our own (the dev mailbox's srcdoc previews) stay allowed with frame-src 'self'. Development adds
 * 'unsafe-eval', which React's refresh runtime needs. Sources: Next.js "Content Security Policy"
 * guide (the "Without Nonces" section), OWASP Secure Headers Project.
 *
 * HSTS (one year, subdomains) only when `appUrl` is https. The values are computed when the
 * config loads, i.e. at `next build` (headers are baked into the routes manifest).
 */
export function securityHeaders(opts: {
  appUrl: string;
  development: boolean;
  /** Who may frame the response: nobody (every page), or any site (the embeds only). */
  framing?: "none" | "anywhere";
}): { key: string; value: string }[] {
  const https = new URL(opts.appUrl).protocol === "https:";
  const framable = opts.framing === "anywhere";
  const directives = defaults.contentSecurityPolicy.directives;
  const options: NoseconeOptions = {
    contentSecurityPolicy: {
      directives: {
        ...directives,
        scriptSrc: opts.development
          ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
          : ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", "data:"],
        frameSrc: ["'self'"],
        childSrc: ["'self'"],
        // nosecone's types leave out the `*` source, which CSP allows (any http(s) page).
        frameAncestors: framable ? (["*"] as unknown as ["https:"]) : ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: https,
      },
    },
    // Off: it would force every embedded resource to opt in, for no gain on a site that embeds
    // nothing from elsewhere.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: framable ? "cross-origin" : "same-origin" },
    referrerPolicy: { policy: ["strict-origin-when-cross-origin"] },
    strictTransportSecurity: https
      ? { maxAge: 31_536_000, includeSubDomains: true, preload: false }
      : false,
    xContentTypeOptions: true,
    xFrameOptions: framable ? false : { action: "deny" },
  };
  const headers = [...nosecone(options).entries()].map(([key, value]) => ({ key, value }));
  headers.push({ key: "Permissions-Policy", value: PERMISSIONS_POLICY });
  return headers;
}

/** Powerful browser features Fanfare never uses, turned off for every page and any frame in it. */
export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "bluetooth=()",
  "browsing-topics=()",
].join(", ");
