import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";

import { Alert } from "./alert";
import { Button, buttonVariants, Field, Input, Loading, pillVariants } from "./index";

afterEach(cleanup);

describe("Alert", () => {
  test("an error or a warning is announced at once (role=alert); success and info politely", () => {
    render(
      <>
        <Alert>Payment failed</Alert>
        <Alert tone="warning">Check your details</Alert>
        <Alert tone="success">Saved</Alert>
        <Alert tone="info" title="Heads up">
          Payouts run on Mondays
        </Alert>
      </>,
    );
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Payment failed",
      "Check your details",
    ]);
    expect(screen.getAllByRole("status").map((a) => a.textContent)).toEqual([
      "Saved",
      "Heads upPayouts run on Mondays",
    ]);
  });

  test("with no message it renders nothing (no empty live region)", () => {
    const { container } = render(
      <>
        <Alert>{undefined}</Alert>
        <Alert>{""}</Alert>
        <Alert>{false}</Alert>
      </>,
    );
    expect(container.innerHTML).toBe("");
  });
});

describe("Button and its variants", () => {
  test("pending disables the button and says so (aria-busy)", () => {
    render(<Button pending>Request payout</Button>);
    const b = screen.getByRole("button", { name: "Request payout" });
    expect(b.hasAttribute("disabled")).toBe(true);
    expect(b.getAttribute("aria-busy")).toBe("true");
  });

  test("a link styled as a button gets the same classes as the button", () => {
    render(<Button variant="secondary">Earnings</Button>);
    expect(screen.getByRole("button").className).toBe(buttonVariants({ variant: "secondary" }));
    expect(buttonVariants()).toContain("bg-brand-600");
    expect(buttonVariants({ size: "sm" })).toContain("px-3");
    expect(pillVariants({ selected: true })).toContain("bg-brand-600");
    expect(pillVariants({ selected: false })).not.toContain("bg-brand-600");
  });
});

describe("Field", () => {
  test("the error is next to its field, linked by aria-describedby, and announced", () => {
    render(
      <Field id="price" label="Price" error={["Must be at least $1.00"]}>
        <Input id="price" invalid />
      </Field>,
    );
    const input = screen.getByLabelText("Price");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = document.getElementById(input.getAttribute("aria-describedby")!);
    expect(described?.textContent).toBe("Must be at least $1.00");
    expect(screen.getByRole("alert").textContent).toBe("Must be at least $1.00");
  });
});

describe("Loading", () => {
  test("a status region that names what is loading; the bars are hidden from screen readers", () => {
    render(<Loading label="Loading payouts…" rows={2} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("Loading payouts…");
    expect(status.querySelectorAll('[aria-hidden="true"]')).toHaveLength(2);
  });
});
