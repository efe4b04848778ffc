import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Settings of the upload and audio pipeline. All optional: without `UPLOADTHING_TOKEN` files are
 * stored on local disk under `<dataDir>/uploads/` (see `getStorage`).
 */
export function mediaEnv() {
  return createEnv({
    server: {
      /** UploadThing v7 token (base64 JSON `{ apiKey, appId, regions }`, from the dashboard). */
      UPLOADTHING_TOKEN: z.string().min(1).optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}

export type MediaEnv = ReturnType<typeof mediaEnv>;
