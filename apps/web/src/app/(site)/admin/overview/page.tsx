import { TRPCError } from "@trpc/server";

import type { ProgramOverviewInput } from "@fanfare/validators";
import {
  addUtcDays,
  OVERVIEW_PRESET_DAYS,
  utcDayOf,
  ZProgramOverviewInput,
} from "@fanfare/validators";

import { AdminOverview } from "~/components/admin/admin-overview";
import { requireAdmin } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Overview" };

type Preset = (typeof OVERVIEW_PRESET_DAYS)[number];
const isPreset = (n: number): n is Preset =>
  (OVERVIEW_PRESET_DAYS as readonly number[]).includes(n);
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/**
 * The program overview (issue 11 §6). The period comes from the address: `?days=7|30|90` (the
 * last so many UTC days, today included; 30 without any), or `?from=YYYY-MM-DD&to=YYYY-MM-DD`
 * (both included; the form on the page). A period the API refuses is shown with its reason
 * beside the default 30 days.
 */
export default async function AdminOverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/overview");
  const sp = await searchParams;
  const from = one(sp.from) || undefined;
  const to = one(sp.to) || undefined;
  const days = Number(one(sp.days));
  const custom = from != null || to != null;
  const preset: Preset | null = custom ? null : isPreset(days) ? days : 30;

  let input: ProgramOverviewInput = {};
  let problem: string | null = null;
  if (custom) {
    const parsed = ZProgramOverviewInput.safeParse({ from, to });
    if (parsed.success) input = parsed.data;
    else problem = parsed.error.issues.map((i) => i.message).join(" ");
  } else if (preset) {
    const today = utcDayOf(new Date());
    input = { from: addUtcDays(today, -(preset - 1)), to: today };
  }

  const caller = await api();
  let overview;
  try {
    overview = await caller.admin.overview(input);
  } catch (e) {
    // Only the period can be wrong (a `from` alone after today): say so, show the default.
    if (!(e instanceof TRPCError) || e.code !== "BAD_REQUEST") throw e;
    problem = e.message;
    overview = await caller.admin.overview({});
  }
  return (
    <AdminOverview
      overview={overview}
      preset={problem ? null : preset}
      problem={problem}
      asked={{ from: from ?? "", to: to ?? "" }}
    />
  );
}
