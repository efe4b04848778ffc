// Loaded with `node --import` into the web server by bench/profile.ts: samples the CPU from
// start-up until SIGTERM, then writes the profile (Chrome DevTools' .cpuprofile format) to
// PROFILE_OUT and exits. Node's own --cpu-prof only writes on a normal exit, and server.mjs
// has no SIGTERM handler.
import fs from "node:fs";
import { Session } from "node:inspector/promises";

const out = process.env.PROFILE_OUT;
if (out) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  // Started on demand (SIGUSR2) so start-up and warm-up stay out of the profile.
  process.on("SIGUSR2", () => void session.post("Profiler.start"));
  process.once("SIGTERM", async () => {
    try {
      const { profile } = await session.post("Profiler.stop");
      fs.writeFileSync(out, JSON.stringify(profile));
    } finally {
      process.exit(0);
    }
  });
}
