import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, test, vi } from "vitest";

import { ConfirmDialog } from "./confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "./dropdown-menu";
import { Button } from "./index";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "./tabs";

afterEach(cleanup);

describe("Tabs (the ledger's Payable / Pending)", () => {
  function Ledger() {
    const [tab, setTab] = useState("payable");
    return (
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Account">
          <TabsTrigger value="payable">Payable</TabsTrigger>
          <TabsTrigger value="pending">Pending</TabsTrigger>
        </TabsList>
        <TabsContent value="payable">Payable entries</TabsContent>
        <TabsContent value="pending">Pending entries</TabsContent>
      </Tabs>
    );
  }

  test("a labelled tab list; the selected tab's panel only; arrow keys move the selection", async () => {
    render(<Ledger />);
    expect(screen.getByRole("tablist", { name: "Account" })).toBeTruthy();
    const payable = screen.getByRole("tab", { name: "Payable" });
    expect(payable.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tabpanel").textContent).toBe("Payable entries");
    expect(screen.queryByText("Pending entries")).toBeNull();

    payable.focus();
    fireEvent.keyDown(payable, { key: "ArrowRight" });
    const pending = screen.getByRole("tab", { name: "Pending" });
    // Radix moves the focus on the next tick; the focused tab becomes the selected one.
    await waitFor(() => expect(document.activeElement).toBe(pending));
    await waitFor(() => expect(pending.getAttribute("aria-selected")).toBe("true"));
    const panel = screen.getByRole("tabpanel");
    expect(panel.textContent).toBe("Pending entries");
    expect(panel.getAttribute("aria-labelledby")).toBe(pending.id);
  });
});

describe("ConfirmDialog (deleting a track)", () => {
  test("asks first: Cancel does nothing, the confirm button runs the action", () => {
    const onConfirm = vi.fn();
    render(
      <ConfirmDialog
        trigger={<Button>Delete</Button>}
        title="Delete “Night Drive”?"
        description="It leaves your page and discover."
        confirmLabel="Delete track"
        onConfirm={onConfirm}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete “Night Drive”?" });
    expect(dialog.textContent).toContain("It leaves your page and discover.");
    // Focus starts on Cancel, the safe choice.
    expect(document.activeElement?.textContent).toBe("Cancel");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    fireEvent.click(screen.getByRole("button", { name: "Delete track" }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
});

describe("DropdownMenu (the header's account menu)", () => {
  test("opens from the keyboard, lists its items, and runs the chosen one", () => {
    const signOut = vi.fn();
    render(
      <DropdownMenu>
        <DropdownMenuTrigger>Rhea</DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel>Signed in as rhea@example.com</DropdownMenuLabel>
          <DropdownMenuItem>Settings</DropdownMenuItem>
          <DropdownMenuItem onSelect={signOut}>Sign out</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>,
    );
    const trigger = screen.getByRole("button", { name: "Rhea" });
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(screen.queryByRole("menu")).toBeNull();
    fireEvent.keyDown(trigger, { key: "Enter" });
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getAllByRole("menuitem").map((i) => i.textContent)).toEqual([
      "Settings",
      "Sign out",
    ]);
    fireEvent.click(screen.getByRole("menuitem", { name: "Sign out" }));
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("menu")).toBeNull();
  });
});
