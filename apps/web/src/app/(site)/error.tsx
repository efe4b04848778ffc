"use client";

import Link from "next/link";
import { useEffect } from "react";

import { Button } from "@fanfare/ui";

/**
 * The error boundary of every page below the root layout: an error that is not "not found" (the
 * database is unreachable, a bug) says so and offers a retry, instead of passing for an empty
 * result or a 404. Nothing about the error reaches the visitor beyond Next's digest, which
 * matches the server log line.
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div
      className="mx-auto max-w-xl space-y-4 py-16 text-center"
      role="alert"
      data-testid="error-page"
    >
      <h1 className="text-2xl font-bold">Something went wrong on our side</h1>
      <p className="text-zinc-600">
        This page could not be loaded just now. Nothing you did caused it; try again in a moment.
      </p>
      {error.digest ? (
        <p className="text-xs text-zinc-500">
          Reference: <code>{error.digest}</code>
        </p>
      ) : null}
      <div className="flex items-center justify-center gap-4">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/" className="text-sm font-medium text-brand-600">
          Discover music →
        </Link>
      </div>
    </div>
  );
}
