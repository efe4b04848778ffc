import { countUpAt } from "./use-count-up";

describe("countUpAt", () => {
  test.each([
    // from cents, to cents, elapsed ms, shown cents
    [125, 245, 0, 125],
    [125, 245, 200, 194],
    [125, 245, 400, 230],
    [125, 245, 799, 245],
    [125, 245, 800, 245],
    [125, 245, 5_000, 245],
    // Down as well as up (a refund polled in).
    [245, 125, 200, 176],
    [245, 125, 800, 125],
  ])(
    "counting from %i to %i cents over 800 ms, %i ms in it reads %i cents",
    (from, to, elapsedMs, shown) => {
      expect(countUpAt(from, to, elapsedMs, 800)).toBe(shown);
    },
  );

  test("eases out: over half the way in the first quarter of the time, never past the target", () => {
    const steps = Array.from({ length: 9 }, (_, i) => countUpAt(0, 1000, i * 100, 800));
    expect(steps).toEqual([0, 330, 578, 756, 875, 947, 984, 998, 1000]);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  test("with no duration, shows the target at once", () => {
    expect(countUpAt(125, 245, 0, 0)).toBe(245);
  });
});
