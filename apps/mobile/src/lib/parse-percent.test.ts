import { bpsToPercentText, parsePercentToBps } from "./parse-percent";

describe("parsePercentToBps reads a typed percentage as whole basis points", () => {
  test.each([
    ["10", 1000],
    ["12.5", 1250],
    ["7,25", 725],
    ["0.01", 1],
    [" 15 % ", 1500],
    ["100", 10_000],
    ["0", 0],
  ])("%s %% is %i bps", (typed, bps) => {
    expect(parsePercentToBps(typed)).toBe(bps);
  });

  test.each([[""], ["ten"], ["12.345"], ["-5"], ["1e2"], ["1000"], ["."]])(
    "%j is not a percentage",
    (typed) => {
      expect(parsePercentToBps(typed)).toBeNull();
    },
  );

  test.each([
    [1000, "10"],
    [1250, "12.5"],
    [725, "7.25"],
  ])("%i bps goes back into the field as %s", (bps, typed) => {
    expect(bpsToPercentText(bps)).toBe(typed);
    expect(parsePercentToBps(typed)).toBe(bps);
  });
});
