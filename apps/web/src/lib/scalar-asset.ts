import fs from "node:fs";
import path from "node:path";

/**
 * The API reference's script (issue 15 §2): Scalar's self-contained browser bundle
 * (`@scalar/api-reference/dist/browser/standalone.js`, everything in one file), served by Fanfare
 * itself at `/docs/api/scalar.js` instead of Scalar's CDN, so `/docs/api` works offline and under
 * the site's CSP (scripts from this origin only). The package's `exports` do not list the bundle,
 * so it is found on disk: in `node_modules` of the directory the server runs in, of apps/web
 * under it, or of a directory above.
 */
const PACKAGE = path.join("node_modules", "@scalar", "api-reference");
const BUNDLE = path.join("dist", "browser", "standalone.js");

let found: { file: string; version: string } | null | undefined;

/**
 * The bundle's path and the package's version (for a cache-busting URL), or null when the
 * package is not installed. Looked up once per process.
 */
export function scalarBundle(
  cwd: string = process.cwd(),
): { file: string; version: string } | null {
  if (found !== undefined) return found;
  const dirs = [cwd, path.join(cwd, "apps", "web")];
  for (let d = path.dirname(cwd); d !== path.dirname(d); d = path.dirname(d)) dirs.push(d);
  for (const dir of dirs) {
    const pkg = path.join(dir, PACKAGE);
    const file = path.join(pkg, BUNDLE);
    if (!fs.existsSync(file)) continue;
    const { version } = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as {
      version: string;
    };
    return (found = { file, version });
  }
  return (found = null);
}

/** The script's URL on this site, versioned so browsers may keep it for a year. */
export function scalarScriptUrl(): string {
  const bundle = scalarBundle();
  return `/docs/api/scalar.js?v=${encodeURIComponent(bundle?.version ?? "missing")}`;
}
