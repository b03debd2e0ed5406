/** The chat platforms Pairwise runs in; every `platform:id` reference and config value names one. */
export const PLATFORM_NAMES = ["slack", "discord", "terminal"] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/**
 * Where an annotator may come from besides a platform: `external` people arrive with imported
 * judgments and are named by whatever id the file gave them.
 */
export const ANNOTATOR_ORIGINS = [...PLATFORM_NAMES, "external"] as const;

/** The regex alternation `slack|discord|terminal` (or over the given names), for `platform:id` patterns. */
export function platformAlternation(names: readonly string[] = PLATFORM_NAMES): string {
  return names.join("|");
}

export function isPlatformName(value: unknown): value is PlatformName {
  return typeof value === "string" && (PLATFORM_NAMES as readonly string[]).includes(value);
}
