import type { LabelContractState } from "@fanfare/db";

/**
 * What can happen to a label contract, and who does it: the artist `accept`s or `decline`s an
 * invitation; the label `withdraw`s its own invitation; either side `end`s an active contract.
 */
export type LabelContractAction = "accept" | "decline" | "withdraw" | "end";

/** Which side of the contract acts. */
export type LabelContractSide = "label" | "artist";

/** The side each action belongs to (`end` belongs to both). */
export const ACTION_SIDES: Record<LabelContractAction, readonly LabelContractSide[]> = {
  accept: ["artist"],
  decline: ["artist"],
  withdraw: ["label"],
  end: ["label", "artist"],
};

/**
 * The state a contract in `state` moves to under `action`, or null when the action does not
 * apply (the one table of LabelContract's transitions, issue 16 §5):
 *
 * | from    | accept | decline  | withdraw | end   |
 * | ------- | ------ | -------- | -------- | ----- |
 * | invited | active | declined | ended    | –     |
 * | active  | –      | –        | –        | ended |
 * | others  | –      | –        | –        | –     |
 *
 * `declined` and `ended` are final: new terms are a new invitation. A withdrawn invitation is
 * `ended` (the database has no state of its own for it: `respondedAt` and `endedAt` both the
 * moment it was withdrawn). Pure.
 */
export function nextContractState(
  state: LabelContractState,
  action: LabelContractAction,
): LabelContractState | null {
  switch (state) {
    case "invited":
      return action === "accept"
        ? "active"
        : action === "decline"
          ? "declined"
          : action === "withdraw"
            ? "ended"
            : null;
    case "active":
      return action === "end" ? "ended" : null;
    case "declined":
    case "ended":
      return null;
    default: {
      const unknown: never = state;
      throw new Error(`Unknown label contract state ${String(unknown)}.`);
    }
  }
}
