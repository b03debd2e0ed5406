/** Agreement, truth inference, ranking and bias statistics: pure functions, no I/O. */
export * from "./ratings.js";
export * from "./percent-agreement.js";
export * from "./cohen.js";
export * from "./fleiss.js";
export * from "./krippendorff.js";
export * from "./gwet.js";
export * from "./bootstrap.js";
export * from "./majority.js";
export * from "./dawid-skene.js";
export * from "./per-annotator.js";
export * from "./battles.js";
export * from "./bradley-terry.js";
export * from "./elo.js";
export * from "./win-rate.js";
export * from "./binomial.js";
export * from "./bias.js";
