/**
 * Whether colours are off: NO_COLOR set to anything non-empty (https://no-color.org: "when
 * present and not an empty string, prevents the addition of ANSI color").
 */
export function noColor(env: NodeJS.ProcessEnv = process.env): boolean {
  return typeof env.NO_COLOR === "string" && env.NO_COLOR !== "";
}
