/**
 * Memoizes an environment parser (a `createEnv` call of @t3-oss/env-core) for the hot paths that
 * read settings per request or per event: `parse` runs again only when one of `names` has another
 * value in `process.env` than at the last parse (tests change variables; a server never does).
 * Reading the named variables costs a few microseconds; a `createEnv` parse, about ten times that.
 * @param names every variable `parse` reads (its schema's keys).
 * @returns a function with `parse`'s result; it throws what `parse` throws (an invalid variable),
 *   and parses again on the next call after a throw.
 */
export function memoizeEnv<T>(names: readonly string[], parse: () => T): () => T {
  let last: { key: string; value: T } | undefined;
  return () => {
    let key = "";
    for (const name of names) key += `${process.env[name] ?? "\u0001"}\u0000`;
    if (last?.key !== key) last = { key, value: parse() };
    return last.value;
  };
}
