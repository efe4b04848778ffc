export * from "./lists";
export * from "./money";
export * from "./schemas";
export * from "./text";
export * from "./redirect";
export * from "./program-settings";
export * from "./promoters";
