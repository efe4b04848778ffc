import type { NextConfig } from "next";

import { webEnv } from "./src/lib/env";
import { publicPageRewrites } from "./src/lib/public-routes";
import { securityHeaders } from "./src/lib/security-headers";

const config: NextConfig = {
  reactStrictMode: true,
  // Internal packages ship TypeScript source (just-in-time packages).
  transpilePackages: [
    "@fanfare/api",
    "@fanfare/auth",
    "@fanfare/db",
    "@fanfare/email",
    "@fanfare/payments",
    "@fanfare/ui",
    "@fanfare/validators",
  ],
  // Loaded by Node at run time, not bundled: WebAssembly, native binaries and their file layout.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "pg",
    "@ffmpeg-installer/ffmpeg",
    "music-metadata",
    "file-type",
    "stripe",
    "uploadthing",
    "nodemailer",
    "pg-boss",
    // The licence certificate (issue 16 §4): reads its font metrics from its own data/ folder.
    "pdfkit",
    // Release zips (issue 16 §2), streamed from storage.
    "archiver",
  ],
  typescript: { ignoreBuildErrors: true }, // typechecked by the `typecheck` task
  poweredByHeader: false,
  // Artwork and pictures are served by our own routes and resized by next/image
  // (components/track-card.tsx, components/artist-avatar.tsx).
  images: {
    localPatterns: [
      { pathname: "/api/media/artwork/**", search: "" },
      { pathname: "/api/media/release-artwork/**", search: "" },
      { pathname: "/api/images/**", search: "" },
    ],
  },
  // `/` and `/leaderboard` are answered by their cached pages (src/lib/public-routes.ts).
  rewrites: async () => ({ beforeFiles: publicPageRewrites(), afterFiles: [], fallback: [] }),
  // Security headers on every response (src/lib/security-headers.ts: CSP without nonces, no
  // framing, nosniff, Referrer-Policy, Permissions-Policy, HSTS when APP_URL is https). The
  // embeddable players `/embed/<anything>` are the one exception: any site may frame them. The
  // two rules match disjoint paths that cover every path (a header such as X-Frame-Options cannot
  // be removed by a later rule, only replaced).
  headers: async () => {
    const env = webEnv();
    const base = { appUrl: env.APP_URL, development: env.NODE_ENV === "development" };
    return [
      {
        source: "/:path((?!embed/.).*)",
        headers: securityHeaders({ ...base, framing: "none" }),
      },
      {
        source: "/:path(embed/.+)",
        headers: securityHeaders({ ...base, framing: "anywhere" }),
      },
      // Previews, artwork and pictures are public and shown by the mobile app's web build from
      // its own origin: they may be embedded anywhere (the last matching rule wins for a header).
      {
        source: "/api/media/:path*",
        headers: [{ key: "Cross-Origin-Resource-Policy", value: "cross-origin" }],
      },
      {
        source: "/api/images/:path*",
        headers: [{ key: "Cross-Origin-Resource-Policy", value: "cross-origin" }],
      },
    ];
  },
};

export default config;
