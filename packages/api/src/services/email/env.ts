import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** SMTP settings shared with Auth.js's magic links; unset = mail stays in the outbox table. */
export function emailEnv() {
  return createEnv({
    server: {
      EMAIL_SERVER: z.string().min(1).optional(),
      EMAIL_FROM: z.string().min(3).default("Fanfare <no-reply@fanfare.local>"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
