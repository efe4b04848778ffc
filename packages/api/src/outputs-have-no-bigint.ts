/**
 * A compile-time check (run by `typecheck`, nothing at runtime): no procedure's output carries a
 * `bigint`. Balances, ledger entries, payouts and totals are BIGINT columns; services read them
 * through `cents()` (@fanfare/db) so the web, the mobile app and JSON clients always get
 * integer-cent numbers. A procedure that returns a raw row with such a column makes this file
 * fail to compile and names the procedure.
 */
import type { RouterOutputs } from "./index";

type Leaf = string | number | boolean | Date | null | undefined;

/** true when T, or anything inside it (objects, arrays, unions), is a bigint. */
type ContainsBigInt<T, Depth extends unknown[] = []> = Depth["length"] extends 8
  ? false
  : T extends bigint
    ? true
    : T extends Leaf
      ? false
      : T extends readonly (infer U)[]
        ? ContainsBigInt<U, [...Depth, 1]>
        : T extends object
          ? true extends { [K in keyof T]-?: ContainsBigInt<T[K], [...Depth, 1]> }[keyof T]
            ? true
            : false
          : false;

/** "router.procedure" for every procedure whose output contains a bigint. */
type Offenders = {
  [R in keyof RouterOutputs & string]: {
    [P in keyof RouterOutputs[R] & string]: ContainsBigInt<RouterOutputs[R][P]> extends true
      ? `${R}.${P}`
      : never;
  }[keyof RouterOutputs[R] & string];
}[keyof RouterOutputs & string];

export const outputsHaveNoBigInt: [Offenders] extends [never] ? true : Offenders = true;
