import { PairwiseError } from "../errors.js";

/** What a pipeline token may touch. */
const API_RESOURCES = ["campaigns", "items", "judgments", "exports", "webhooks"] as const;
type ApiResource = (typeof API_RESOURCES)[number];
export type ApiScope = `${ApiResource}:${"read" | "write"}`;

/** Every scope, in a stable order: what `--scopes all` grants. */
export const ALL_SCOPES: readonly ApiScope[] = API_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as ApiScope[]);

/**
 * Parses a comma list of scopes: `items:write,judgments:read`, a bare resource (`exports`) for
 * both read and write, or `all`. Unknown names are refused with the list of known ones, so a typo
 * never yields a token that silently cannot do what its owner meant.
 */
export function parseScopes(text: string): ApiScope[] {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new PairwiseError("VALIDATION", `--scopes is empty. Give a comma list such as items:write,judgments:read, or all. Scopes: ${ALL_SCOPES.join(", ")}.`);
  const out = new Set<ApiScope>();
  for (const part of parts) {
    if (part === "all") {
      for (const s of ALL_SCOPES) out.add(s);
      continue;
    }
    const [resource, access, extra] = part.split(":");
    if (
      extra !== undefined ||
      !(API_RESOURCES as readonly string[]).includes(resource ?? "") ||
      (access !== undefined && access !== "read" && access !== "write")
    ) {
      throw new PairwiseError(
        "VALIDATION",
        `Unknown scope "${part}". Scopes: ${ALL_SCOPES.join(", ")} (a bare resource such as "items" means read and write), or all.`,
      );
    }
    if (access === undefined || access === "read") out.add(`${resource as ApiResource}:read`);
    if (access === undefined || access === "write") out.add(`${resource as ApiResource}:write`);
  }
  return ALL_SCOPES.filter((s) => out.has(s));
}

/** Whether the granted scopes allow `needed`: a write scope includes reading the same resource. */
export function allows(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  return needed.endsWith(":read") && granted.includes(needed.replace(":read", ":write"));
}
