"use client";

import { Fragment } from "react";
import type { ReactNode } from "react";
import {
  createSortedRowModel,
  FlexRender,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import type { ColumnDef, RowData } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

import { cn } from "./index";

/** The kit's table features: client-side sorting of the rows loaded (a page of a list). */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, datetime: sortFn_datetime },
});

/** A column of a `DataTable` (TanStack Table v9's column definition for the kit's features). */
export type DataTableColumn<T extends RowData> = ColumnDef<typeof dataTableFeatures, T>;

/**
 * The trailing column of a row's actions (buttons, links): no visible header (a screen reader
 * hears "Actions"), not sortable, right-aligned, on one line; `cell` renders a row's actions.
 */
export function actionsColumn<T extends RowData>(cell: (row: T) => ReactNode): DataTableColumn<T> {
  return {
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    enableSorting: false,
    meta: { align: "right", nowrap: true },
    cell: ({ row }) => cell(row.original),
  };
}

/** Per-column display options, set with `meta`: `align` of header and cells, `nowrap` cells. */
type Meta = { align?: "left" | "right"; nowrap?: boolean };

/**
 * The kit's table, on TanStack Table: a labelled, keyboard-reachable scroll region (wide tables
 * scroll inside it on a phone instead of widening the page), sortable column headers (buttons
 * with `aria-sort` on the header cell; columns opt out with `enableSorting: false`), and an empty
 * state. Sorting reorders the rows given (the page loaded), never asks the server.
 * Below 640 px each row is a card instead (`stacked`, the default): every cell on its own line,
 * the column's name on the left and the value on the right, so nothing hides past the right
 * edge of a phone. The DOM stays one table (each cell carries its column's name in
 * `data-label`), so tests and assistive technology see the same cells at every width.
 * @param label the region's accessible name (e.g. "Payouts").
 * @param getRowId a stable id per row, given the row and its index in `data` (React keys and
 *   TanStack's row ids).
 * @param testId / rowTestId `data-testid` of the table and of each body row, for tests.
 * @param rowAttributes per-row attributes of the body row (`data-*`, a per-row `data-testid`).
 * @param expansion what opens under a row across the whole width (a form, details), or null.
 * @param stacked false keeps the scrolling table on a phone too.
 * @param sortable false for a list whose order carries meaning (a ledger statement with running
 *   balances): no header is a sort button.
 */
export function DataTable<T extends RowData>({
  columns,
  data,
  label,
  getRowId,
  empty,
  testId,
  rowTestId,
  rowAttributes,
  expansion,
  sortable = true,
  stacked = true,
  className,
}: {
  columns: DataTableColumn<T>[];
  data: T[];
  label: string;
  getRowId: (row: T, index: number) => string;
  empty?: ReactNode;
  testId?: string;
  rowTestId?: string;
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
  expansion?: (row: T) => { id: string; content: ReactNode } | null;
  sortable?: boolean;
  stacked?: boolean;
  className?: string;
}) {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row: T, index: number) => getRowId(row, index),
    enableSorting: sortable,
  });
  const align = (meta: unknown) =>
    (meta as Meta | undefined)?.align === "right" ? "text-right" : "";
  const nowrap = (meta: unknown) => ((meta as Meta | undefined)?.nowrap ? "whitespace-nowrap" : "");
  // The column's name for a stacked cell: its header when that is plain text.
  const labelOf = (column: { columnDef: { header?: unknown } }) =>
    typeof column.columnDef.header === "string" ? column.columnDef.header : "";
  return (
    <div
      className={cn("relative overflow-x-auto rounded-lg ring-1 ring-zinc-200", className)}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <table
        className={cn("min-w-full bg-white text-sm", stacked && "max-sm:block")}
        data-testid={testId}
      >
        <thead className={cn("bg-zinc-50 text-left text-zinc-600", stacked && "max-sm:hidden")}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const meta = header.column.columnDef.meta;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={cn("whitespace-nowrap px-3 py-2 font-medium", align(meta))}
                    aria-sort={
                      sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                    }
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 rounded hover:text-ink focus-visible:outline-2 focus-visible:outline-brand-600"
                      >
                        <FlexRender header={header} />
                        {sorted === "asc" ? (
                          <ArrowUp aria-hidden className="h-3.5 w-3.5" />
                        ) : sorted === "desc" ? (
                          <ArrowDown aria-hidden className="h-3.5 w-3.5" />
                        ) : (
                          <ArrowUpDown aria-hidden className="h-3.5 w-3.5 opacity-40" />
                        )}
                      </button>
                    ) : (
                      <FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className={cn("divide-y divide-zinc-100", stacked && "max-sm:block")}>
          {table.getRowModel().rows.length === 0 ? (
            <tr className={cn(stacked && "max-sm:block")}>
              <td
                colSpan={columns.length}
                className={cn("px-3 py-6 text-center text-zinc-500", stacked && "max-sm:block")}
              >
                {empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => {
              const open = expansion?.(row.original);
              return (
                <Fragment key={row.id}>
                  <tr
                    data-testid={rowTestId}
                    {...rowAttributes?.(row.original)}
                    className={cn(stacked && "max-sm:block max-sm:py-2")}
                  >
                    {row.getAllCells().map((cell, i) => {
                      const meta = cell.column.columnDef.meta;
                      // Stacked, the first cell is the card's title: no label, full width.
                      const title = stacked && i === 0;
                      return (
                        <td
                          key={cell.id}
                          data-label={stacked && !title ? labelOf(cell.column) : undefined}
                          className={cn(
                            "px-3 py-2",
                            align(meta),
                            nowrap(meta),
                            title &&
                              "max-sm:block max-sm:pt-1 max-sm:pb-1 max-sm:text-left max-sm:font-medium",
                            stacked &&
                              !title &&
                              "max-sm:flex max-sm:items-baseline max-sm:justify-between max-sm:gap-4 max-sm:py-0.5 max-sm:before:shrink-0 max-sm:before:text-zinc-500 max-sm:before:content-[attr(data-label)]",
                          )}
                        >
                          {stacked && !title ? (
                            // One flex item, so the value's own text and tags stay together.
                            <div className="max-sm:min-w-0 max-sm:text-right">
                              <FlexRender cell={cell} />
                            </div>
                          ) : (
                            <FlexRender cell={cell} />
                          )}
                        </td>
                      );
                    })}
                  </tr>
                  {open ? (
                    <tr id={open.id} className={cn("bg-zinc-50", stacked && "max-sm:block")}>
                      <td
                        colSpan={columns.length}
                        className={cn("px-3 py-3", stacked && "max-sm:block")}
                      >
                        {open.content}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
