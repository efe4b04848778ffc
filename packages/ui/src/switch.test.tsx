import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, test } from "vitest";

import { Switch } from "./switch";

afterEach(cleanup);

describe("Switch (a notification type on or off)", () => {
  function Setting() {
    const [on, setOn] = useState(true);
    return (
      <>
        <span id="label">Payout sent</span>
        <Switch checked={on} onCheckedChange={setOn} aria-labelledby="label" />
      </>
    );
  }

  test("a named switch that says whether it is on, and flips on click", () => {
    render(<Setting />);
    const toggle = screen.getByRole("switch", { name: "Payout sent" });
    expect(toggle.getAttribute("aria-checked")).toBe("true");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-checked")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-checked")).toBe("true");
  });

  test("a disabled switch does not flip", () => {
    render(<Switch checked={false} onCheckedChange={() => undefined} disabled aria-label="Off" />);
    const toggle = screen.getByRole("switch", { name: "Off" });
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-checked")).toBe("false");
    expect((toggle as HTMLButtonElement).disabled).toBe(true);
  });
});
