import { defineSimulationLane } from "./simulation-lane";

// Lane 4 of LANES: one file per lane, so that Vitest runs the lanes in parallel processes.
defineSimulationLane(3);
