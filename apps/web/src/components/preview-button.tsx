"use client";

import { useEffect, useRef, useState } from "react";
import { LoaderCircle, Pause, Play } from "lucide-react";

/** The preview playing now, anywhere on the page: starting another pauses it. */
let playing: HTMLAudioElement | null = null;

/**
 * Play / pause a track's 30-second preview from a card, without leaving the page. One preview
 * plays at a time (starting one pauses the other); the audio is only fetched on the first press
 * (`preload="none"`). The button's name says what it does ("Play preview of <title>" / "Pause
 * preview of <title>") and `aria-pressed` whether it is playing; a preview that cannot play says
 * so in its title. `onPlay` runs each time a press starts playback (the embed counts its first).
 */
export function PreviewButton({
  src,
  title,
  onPlay,
}: {
  src: string;
  title: string;
  onPlay?: () => void;
}) {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [state, setState] = useState<"idle" | "loading" | "playing" | "error">("idle");

  useEffect(
    () => () => {
      audio.current?.pause();
    },
    [],
  );

  const toggle = () => {
    const a = audio.current;
    if (a && !a.paused) {
      a.pause();
      return;
    }
    const el = a ?? new Audio(src);
    if (!a) {
      el.preload = "none";
      el.onplaying = () => setState("playing");
      el.onpause = () => setState((s) => (s === "error" ? s : "idle"));
      el.onended = () => setState("idle");
      el.onerror = () => setState("error");
      audio.current = el;
    }
    if (playing && playing !== el) playing.pause();
    playing = el;
    setState("loading");
    el.play().then(
      () => onPlay?.(),
      () => setState("error"),
    );
  };

  const on = state === "playing";
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={on}
      aria-label={`${on ? "Pause" : "Play"} preview of ${title}`}
      title={state === "error" ? "This preview could not be played" : undefined}
      data-state={state}
      className="flex h-11 w-11 items-center justify-center rounded-full bg-brand-600 text-white shadow-lg ring-2 ring-white/80 transition hover:scale-105 hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      {state === "loading" ? (
        <LoaderCircle aria-hidden className="h-5 w-5 animate-spin" />
      ) : on ? (
        <Pause aria-hidden className="h-5 w-5" fill="currentColor" />
      ) : (
        <Play aria-hidden className="ml-0.5 h-5 w-5" fill="currentColor" />
      )}
    </button>
  );
}
