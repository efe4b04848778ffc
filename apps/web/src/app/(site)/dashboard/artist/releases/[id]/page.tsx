import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

import { ReleaseForm } from "~/components/release-form";
import { requireSession } from "~/lib/require-user";
import { api, HydrateClient, prefetch, trpc } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit release" };

/**
 * A release's editor (issue 16 §1). Not the caller's release (another artist's, deleted, or the
 * caller is not an artist): 404; any other error reaches the error page.
 */
export default async function EditReleasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/dashboard/artist/releases/${id}`);
  const release = await (await api()).artist.release({ releaseId: id }).catch((e: unknown) => {
    if (
      e instanceof TRPCError &&
      (e.code === "NOT_FOUND" || e.code === "FORBIDDEN" || e.code === "BAD_REQUEST")
    )
      return null;
    throw e;
  });
  if (!release) notFound();
  await prefetch(trpc.artist.myTracks.queryOptions());
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Edit “{release.title}”</h1>
      <HydrateClient>
        <ReleaseForm release={release} />
      </HydrateClient>
    </div>
  );
}
