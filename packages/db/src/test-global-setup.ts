import { prepareTestTemplate } from "./testing";

/** Vitest globalSetup shared by every package: one migrated template database per run. */
export default async function setup(): Promise<() => Promise<void>> {
  // The returned teardown drops this run's template.
  return prepareTestTemplate();
}
