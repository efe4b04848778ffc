"use client";

import { useEffect, useRef, useState } from "react";

import { formatCountdown } from "@fanfare/validators";

/**
 * A live countdown to `endsAt` ("Ends in 2d 4h 10m"), for campaigns on track pages, discover
 * and the dashboards. It renders nothing on the server and before hydration (cached pages are
 * shared, so the time left is the visitor's clock's business), updates every second, and renders
 * nothing once the end has passed (then calls `onEnd`, e.g. to refetch the live campaigns).
 * @param endsAt the instant (a Date, or its ISO string as JSON carries it).
 * @param label the words before the time left ("Ends in", "Starts in").
 */
export function Countdown({
  endsAt,
  label = "Ends in",
  className,
  onEnd,
}: {
  endsAt: Date | string;
  label?: string;
  className?: string;
  onEnd?: () => void;
}) {
  const end = new Date(endsAt).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= end) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [end]);
  const left = now === null ? null : formatCountdown(end - now);
  const ended = now !== null && left === null;
  // Called once when the end is reached, not again when a parent passes a new function.
  const onEndRef = useRef(onEnd);
  useEffect(() => {
    onEndRef.current = onEnd;
  });
  useEffect(() => {
    if (ended) onEndRef.current?.();
  }, [ended]);
  if (!left) return null;
  const iso = new Date(end).toISOString();
  return (
    <time
      dateTime={iso}
      title={`${iso.slice(0, 16).replace("T", " ")} UTC`}
      className={className}
      data-testid="countdown"
    >
      {label} <span className="tabular-nums">{left}</span>
    </time>
  );
}
