import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";

import type { DataTableColumn } from "./data-table";
import { DataTable } from "./data-table";

type Row = { id: string; title: string; sales: number };

const rows: Row[] = [
  { id: "a", title: "Paper Suns", sales: 5 },
  { id: "b", title: "Glass Harbour", sales: 12 },
  { id: "c", title: "Night Drive", sales: 1 },
];

const columns: DataTableColumn<Row>[] = [
  { id: "title", accessorFn: (r) => r.title, header: "Track" },
  { id: "sales", accessorFn: (r) => r.sales, header: "Sales", sortFn: "basic" },
  {
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    enableSorting: false,
    cell: () => <button type="button">Edit</button>,
  },
];

const bodyTitles = () =>
  within(screen.getByTestId("tracks"))
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("cell")[0]!.textContent);

/** The table of `rows` labelled "Your tracks", with any other props given. */
function renderTable(props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) {
  return render(
    <DataTable
      label="Your tracks"
      testId="tracks"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      {...props}
    />,
  );
}

afterEach(cleanup);

describe("DataTable", () => {
  test("a labelled, keyboard-reachable region holding the table", () => {
    renderTable();
    const region = screen.getByRole("region", { name: "Your tracks" });
    expect(region.tabIndex).toBe(0);
    expect(within(region).getByRole("table")).toBeTruthy();
    expect(bodyTitles()).toEqual(["Paper Suns", "Glass Harbour", "Night Drive"]);
  });

  test("a sortable header is a button; pressing it sorts the rows and sets aria-sort", () => {
    renderTable();
    const header = screen.getByRole("columnheader", { name: /Sales/ });
    expect(header.getAttribute("aria-sort")).toBeNull();
    // A number column sorts descending first (TanStack's default for numbers).
    fireEvent.click(within(header).getByRole("button"));
    expect(header.getAttribute("aria-sort")).toBe("descending");
    expect(bodyTitles()).toEqual(["Glass Harbour", "Paper Suns", "Night Drive"]);
    fireEvent.click(within(header).getByRole("button"));
    expect(header.getAttribute("aria-sort")).toBe("ascending");
    expect(bodyTitles()).toEqual(["Night Drive", "Paper Suns", "Glass Harbour"]);
    // A column that opts out has no button.
    const actions = screen.getByRole("columnheader", { name: "Actions" });
    expect(within(actions).queryByRole("button")).toBeNull();
  });

  test("sortable={false} (a ledger statement): no header is a button, rows keep their order", () => {
    renderTable({ label: "Ledger", sortable: false });
    for (const h of screen.getAllByRole("columnheader"))
      expect(within(h).queryByRole("button")).toBeNull();
    expect(bodyTitles()).toEqual(["Paper Suns", "Glass Harbour", "Night Drive"]);
  });

  test("stacked on a phone: every cell but the title carries its column's name", () => {
    renderTable();
    const cells = within(screen.getAllByRole("row")[1]!).getAllByRole("cell");
    expect(cells.map((c) => c.getAttribute("data-label"))).toEqual([null, "Sales", ""]);
    // The value sits in one wrapper, so its text and tags stay together as one flex item.
    expect(cells[1]!.children).toHaveLength(1);
  });

  test("stacked={false} keeps a plain table at every width", () => {
    renderTable({ stacked: false });
    const cells = within(screen.getAllByRole("row")[1]!).getAllByRole("cell");
    expect(cells.every((c) => !c.hasAttribute("data-label"))).toBe(true);
    expect(screen.getByTestId("tracks").className).not.toContain("max-sm:block");
  });

  test("no rows: the empty message across the table", () => {
    renderTable({ data: [], empty: "No tracks yet" });
    const cell = screen.getByRole("cell", { name: "No tracks yet" });
    expect(cell.getAttribute("colspan")).toBe("3");
  });

  test("row attributes and an expansion row under its row", () => {
    renderTable({
      rowAttributes: (r) => ({ "data-testid": `row-${r.id}` }),
      expansion: (r) => (r.id === "b" ? { id: "refund-b", content: <p>Refund form</p> } : null),
    });
    const row = screen.getByTestId("row-b");
    const next = row.nextElementSibling!;
    expect(next.id).toBe("refund-b");
    expect(next.textContent).toBe("Refund form");
  });
});
