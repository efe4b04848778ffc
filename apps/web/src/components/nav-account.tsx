"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

import { signOutAction } from "~/app/(auth)/actions";

import { refreshViewer, setViewer, useViewer } from "./viewer";

/** Pages after which the session may have changed (sign in, sign up, password reset). */
const AUTH_PAGES = ["/sign-in", "/sign-up", "/reset-password", "/forgot-password"];

/**
 * The signed-in part of the main nav, as a client island: the layout is cached and the same for
 * every visitor, so it holds only a neutral placeholder; the browser then asks `buyer.viewer`.
 * The viewer is asked again after leaving a sign-in, sign-up or reset page (they end in a
 * client-side redirect that keeps this layout), and forgotten at sign-out.
 */
export function NavAccount() {
  const viewer = useViewer();
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    const from = previous.current;
    previous.current = pathname;
    if (from !== pathname && AUTH_PAGES.some((p) => from.startsWith(p))) refreshViewer();
  }, [pathname]);

  if (viewer.status === "pending") {
    // Same footprint as the signed-out links, so the header does not jump.
    return (
      <span
        aria-hidden
        className="h-8 w-32 rounded-lg bg-zinc-100"
        data-testid="nav-account-loading"
      />
    );
  }
  const user = viewer.viewer;
  if (!user) {
    return (
      <>
        <Link href="/sign-in" className="text-zinc-700 hover:text-ink">
          Sign in
        </Link>
        <Link
          href="/sign-up"
          className="rounded-lg bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700"
        >
          Sign up
        </Link>
      </>
    );
  }
  return (
    <>
      <Link href="/dashboard/promoter" className="text-zinc-700 hover:text-ink">
        Promoter
      </Link>
      <Link href="/dashboard/artist" className="text-zinc-700 hover:text-ink">
        Artist
      </Link>
      <Link href="/dashboard/earnings" className="text-zinc-700 hover:text-ink">
        Earnings
      </Link>
      {user.isAdmin ? (
        <Link href="/admin" className="text-zinc-700 hover:text-ink">
          Admin
        </Link>
      ) : null}
      <span className="hidden text-zinc-500 sm:inline" data-testid="signed-in-as">
        {user.email}
      </span>
      <form
        action={async () => {
          // The dashboards' query cache is cleared on this change (~/trpc/react).
          setViewer(null);
          await signOutAction();
        }}
      >
        <button type="submit" className="text-zinc-700 hover:text-ink">
          Sign out
        </button>
      </form>
    </>
  );
}
