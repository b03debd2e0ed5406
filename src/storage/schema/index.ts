export * from "./campaigns.js";
export * from "./comparisons.js";
export * from "./annotators.js";
export * from "./assignments.js";
export * from "./judgments.js";
export * from "./jobs.js";
export * from "./channel-posts.js";
export * from "./meta.js";
