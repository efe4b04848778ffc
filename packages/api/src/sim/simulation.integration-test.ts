import { defineSimulationLane } from "./simulation-lane";

defineSimulationLane(0);
