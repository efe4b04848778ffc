import { useEffect, useRef, useState } from "react";
import { AccessibilityInfo } from "react-native";

/** How long a figure takes to count to its new value, ms (as on the web dashboard). */
export const COUNT_UP_MS = 800;

/**
 * The figure to show `elapsedMs` into counting from `from` to `to` (integers, e.g. cents) over
 * `durationMs`: ease-out cubic, rounded to a whole step, exactly `to` from `durationMs` on.
 * Example: from 125 to 245 over 800 ms reads 194 at 200 ms, 230 at 400 ms and 245 from 800 ms.
 */
export function countUpAt(from: number, to: number, elapsedMs: number, durationMs: number): number {
  const k = durationMs > 0 ? Math.min(1, Math.max(0, elapsedMs / durationMs)) : 1;
  return k === 1 ? to : Math.round(from + (to - from) * (1 - (1 - k) ** 3));
}

/**
 * Whether the person asked the system for less motion (iOS Reduce Motion, Android's "Remove
 * animations"), following changes; false until the system answers.
 */
export function useReduceMotion(): boolean {
  const [reduce, setReduce] = useState(false);
  useEffect(() => {
    let mounted = true;
    void AccessibilityInfo.isReduceMotionEnabled().then((on) => {
      if (mounted) setReduce(on);
    });
    const sub = AccessibilityInfo.addEventListener("reduceMotionChanged", setReduce);
    return () => {
      mounted = false;
      sub.remove();
    };
  }, []);
  return reduce;
}

/**
 * `target` as it should read on screen now: when it changes, counts from what is shown to the
 * new value over `durationMs` (one step a frame), or jumps when motion is reduced. A change
 * mid-count carries on from the figure on screen.
 */
export function useCountUp(target: number, durationMs = COUNT_UP_MS): number {
  const reduceMotion = useReduceMotion();
  const [shown, setShown] = useState(target);
  const shownRef = useRef(target);
  useEffect(() => {
    const show = (value: number) => {
      shownRef.current = value;
      setShown(value);
    };
    const from = shownRef.current;
    if (from === target || reduceMotion) {
      show(target);
      return;
    }
    let frame = 0;
    let t0: number | null = null;
    const step = (t: number) => {
      t0 ??= t;
      const value = countUpAt(from, target, t - t0, durationMs);
      show(value);
      if (value !== target) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [target, reduceMotion, durationMs]);
  return shown;
}
