"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";
import { formatCents } from "@fanfare/validators/money";

import { LoadMore } from "./admin-list";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type PersonRow = RouterOutputs["admin"]["people"]["search"]["items"][number];

const columns: DataTableColumn<PersonRow>[] = [
  {
    id: "person",
    accessorFn: (u) => u.email,
    header: "Person",
    cell: ({ row: { original: u } }) => (
      <>
        <Link
          href={`/admin/people/${u.id}`}
          className="font-medium text-ink underline decoration-zinc-300 underline-offset-2 hover:text-brand-700"
        >
          {u.name ?? u.email}
        </Link>
        <div className="text-xs text-zinc-500">{u.email}</div>
      </>
    ),
  },
  {
    id: "roles",
    header: "Roles",
    enableSorting: false,
    cell: ({ row: { original: u } }) => (
      <div className="flex flex-wrap gap-1">
        {u.isAdmin ? <Badge tone="zinc">Admin</Badge> : null}
        {u.artist ? <Badge tone="green">Artist: {u.artist.name}</Badge> : null}
        {u.promoter ? (
          <Badge tone={u.promoter.status === "ACTIVE" ? "green" : "red"}>
            Promoter · {u.promoter.status.toLowerCase()}
          </Badge>
        ) : null}
      </div>
    ),
  },
  {
    id: "earned",
    accessorFn: (u) => u.promoter?.earningsCents ?? 0,
    header: "Earned as promoter",
    sortFn: "basic",
    meta: { align: "right", nowrap: true },
    cell: ({ row: { original: u } }) => (u.promoter ? formatCents(u.promoter.earningsCents) : "—"),
  },
  {
    id: "createdAt",
    accessorFn: (u) => u.createdAt,
    header: "Joined (UTC)",
    sortFn: "datetime",
    meta: { nowrap: true },
    cell: ({ row }) => formatUtc(row.original.createdAt),
  },
];

/** Search everyone by email or name (issue 11 §6); each row opens the person's page. */
export function AdminPeople() {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const people = useInfiniteQuery(
    trpc.admin.people.search.infiniteQueryOptions(
      { limit: 50, ...(query ? { query } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = people.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <section aria-labelledby="people-h" className="space-y-4">
        <div>
          <h2 id="people-h" className="text-lg font-semibold">
            People
          </h2>
          <p className="text-sm text-zinc-600">
            Everyone with an account: open a person for their roles, standing, links, tracks,
            balances and audit trail.
          </p>
        </div>
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(typed.trim());
          }}
        >
          <div className="w-72">
            <Field id="people-query" label="Search email, name or artist name">
              <Input
                id="people-query"
                type="search"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {people.error ? <Alert>{people.error.message}</Alert> : null}
        {people.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState title="Nobody matches" />
        ) : (
          <DataTable
            label="People"
            columns={columns}
            data={rows}
            getRowId={(u) => u.id}
            rowAttributes={(u) => ({ "data-email": u.email })}
          />
        )}
        <LoadMore list={people} />
      </section>
    </Card>
  );
}
