"use client";

import { ChevronDown, Library, LogOut, Menu, Settings, Wallet } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { buttonVariants, cn } from "@fanfare/ui";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@fanfare/ui/dropdown-menu";
import { Sheet, SheetClose, SheetContent, SheetTrigger } from "@fanfare/ui/sheet";

import { signOutAction } from "~/app/(site)/(auth)/actions";

import { NotificationBell } from "./notification-bell";
import type { Viewer } from "./viewer";
import { refreshViewer, setViewer, useViewer } from "./viewer";

/** Pages after which the session may have changed (sign in, sign up, password reset). */
const AUTH_PAGES = ["/sign-in", "/sign-up", "/reset-password", "/forgot-password"];

type NavLink = { href: string; label: string };

/** Everyone's links, then the signed-in user's (the same list in the header and in the menu). */
function navLinks(user: Viewer): NavLink[] {
  const links: NavLink[] = [
    { href: "/", label: "Discover" },
    { href: "/leaderboard", label: "Leaderboard" },
  ];
  if (!user) return links;
  links.push(
    { href: "/dashboard/promoter", label: "Promoter" },
    { href: "/dashboard/artist", label: "Artist" },
    ...(user.labelId ? [{ href: "/dashboard/label", label: "Label" }] : []),
    { href: "/dashboard/earnings", label: "Earnings" },
  );
  if (user.isAdmin) links.push({ href: "/admin", label: "Admin" });
  return links;
}

/** "Name" when the user set one, else their email (the header never shows an id). */
function displayName(user: NonNullable<Viewer>): string {
  return user.name?.trim() || user.email;
}

/**
 * The main nav after the logo, as a client island: the layout is cached and the same for every
 * visitor, so the signed-in part is rendered here after the browser asks `buyer.viewer`. The
 * viewer is asked again after leaving a sign-in, sign-up or reset page (they end in a client-side
 * redirect that keeps this layout), and forgotten at sign-out.
 *
 * From 640 px (Tailwind `sm`) the links sit in the header; below it the header keeps the logo,
 * "Sign up" when signed out, and a Menu button that opens every link in a sheet, so nothing sits
 * off screen on a phone.
 */
export function NavAccount() {
  const viewer = useViewer();
  const pathname = usePathname();
  const previous = useRef(pathname);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    const from = previous.current;
    previous.current = pathname;
    if (from !== pathname && AUTH_PAGES.some((p) => from.startsWith(p))) refreshViewer();
    // A link followed from the menu closes it.
    setMenuOpen(false);
  }, [pathname]);

  const pending = viewer.status === "pending";
  const user = viewer.status === "done" ? viewer.viewer : null;
  const links = navLinks(user);
  // The menu also holds what the wide header reaches through the user's name.
  const menuLinks = user ? [...links, { href: "/settings", label: "Settings" }] : links;
  const isCurrent = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

  const signOutNow = async () => {
    // The dashboards' query cache is cleared on this change (~/trpc/react).
    setViewer(null);
    await signOutAction();
  };
  const signOut = (
    <form action={signOutNow}>
      <button type="submit" className="text-zinc-700 hover:text-ink">
        Sign out
      </button>
    </form>
  );

  return (
    <>
      {/* 640 px and up: every link in the header. */}
      <div className="hidden flex-1 items-center gap-x-5 text-sm sm:flex">
        {links.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            aria-current={isCurrent(l.href) ? "page" : undefined}
            className={cn(
              "whitespace-nowrap hover:text-ink",
              isCurrent(l.href) ? "font-semibold text-ink" : "text-zinc-700",
            )}
          >
            {l.label}
          </Link>
        ))}
        <div className="ml-auto flex items-center gap-x-4">
          {pending ? (
            // Same footprint as the signed-out links, so the header does not jump.
            <span
              aria-hidden
              className="h-8 w-32 rounded-lg bg-zinc-100"
              data-testid="nav-account-loading"
            />
          ) : user ? (
            <>
              <NotificationBell />
              <AccountMenu user={user} onSignOut={signOutNow} />
            </>
          ) : (
            <SignedOutLinks />
          )}
        </div>
      </div>

      {/* Below 640 px: the logo, "Sign up" when signed out, and the menu. */}
      <div className="ml-auto flex items-center gap-3 text-sm sm:hidden">
        {!pending && !user ? (
          <Link href="/sign-up" className={buttonVariants({ size: "sm" })}>
            Sign up
          </Link>
        ) : null}
        {user ? <NotificationBell /> : null}
        <Sheet open={menuOpen} onOpenChange={setMenuOpen}>
          <SheetTrigger
            aria-label="Menu"
            data-testid="nav-menu"
            className="rounded-lg p-2 text-ink hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <Menu aria-hidden className="size-6" />
          </SheetTrigger>
          <SheetContent title="Menu">
            {user ? (
              <p className="mb-2 truncate text-sm text-zinc-500" data-testid="menu-signed-in-as">
                Signed in as {displayName(user)}
              </p>
            ) : null}
            <nav aria-label="Menu" className="flex flex-col">
              {menuLinks.map((l) => (
                <SheetClose asChild key={l.href}>
                  <Link
                    href={l.href}
                    aria-current={isCurrent(l.href) ? "page" : undefined}
                    className={cn(
                      "rounded-lg px-3 py-3 text-base hover:bg-zinc-100",
                      isCurrent(l.href) ? "font-semibold text-ink" : "text-zinc-700",
                    )}
                  >
                    {l.label}
                  </Link>
                </SheetClose>
              ))}
            </nav>
            <div className="mt-auto border-t border-zinc-200 px-3 pt-4 text-base">
              {pending ? null : user ? (
                signOut
              ) : (
                <div className="flex items-center gap-4">
                  <SignedOutLinks />
                </div>
              )}
            </div>
          </SheetContent>
        </Sheet>
      </div>
    </>
  );
}

/**
 * The signed-in user's menu at the header's end: their initial and name (the name from 768 px),
 * opening Settings, Earnings and Sign out. The trigger carries the email as its title.
 */
function AccountMenu({
  user,
  onSignOut,
}: {
  user: NonNullable<Viewer>;
  onSignOut: () => Promise<void>;
}) {
  const name = displayName(user);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="signed-in-as"
        title={user.email}
        className="flex max-w-56 items-center gap-2 rounded-full py-1 pr-2 pl-1 text-zinc-700 hover:bg-zinc-100 hover:text-ink focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <span
          aria-hidden
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white uppercase"
        >
          {name.slice(0, 1)}
        </span>
        <span className="sr-only md:not-sr-only md:truncate">{name}</span>
        <span className="sr-only">, account</span>
        <ChevronDown aria-hidden className="size-4 shrink-0" />
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel className="truncate">Signed in as {user.email}</DropdownMenuLabel>
        <DropdownMenuItem asChild>
          <Link href="/settings">
            <Settings aria-hidden />
            Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/dashboard/earnings">
            <Wallet aria-hidden />
            Earnings and payouts
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/subscriptions">
            <Library aria-hidden />
            Subscriptions
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void onSignOut()}>
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function SignedOutLinks() {
  return (
    <>
      <Link href="/sign-in" className="text-zinc-700 hover:text-ink">
        Sign in
      </Link>
      <Link href="/sign-up" className={buttonVariants({ size: "sm" })}>
        Sign up
      </Link>
    </>
  );
}
