import { defineSimulationLane } from "./simulation-lane";

// The second lane, a separate file so that Vitest runs it in parallel with the first.
defineSimulationLane(1);
