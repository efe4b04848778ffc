import { z } from "zod";

/** An instant (a Date, or an ISO string over JSON), labelled in its message ("Start: enter…"). */
export const zWhen = (label: string) =>
  z.coerce
    .date({ message: `${label}: enter a date and time.` })
    .refine((d) => !Number.isNaN(d.getTime()), `${label}: enter a date and time.`);

/**
 * A `datetime-local` field's text read as UTC ("2026-12-06T15:04" → 15:04 UTC): the forms state
 * every time in UTC, whatever the browser's zone.
 */
export const zUtcDateTimeText = () =>
  z
    .string()
    .trim()
    .min(1, "Enter a date and time.")
    .transform((v) => new Date(`${v}Z`))
    .refine((d) => !Number.isNaN(d.getTime()), "Enter a date and time.");
