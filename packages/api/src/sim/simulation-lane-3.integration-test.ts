import { defineSimulationLane } from "./simulation-lane";

// Lane 3 of LANES: one file per lane, so that Vitest runs the lanes in parallel processes.
defineSimulationLane(2);
