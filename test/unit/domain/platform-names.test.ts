import { describe, expect, it } from "vitest";
import { ChannelSpec, PERSON_REF } from "../../../src/domain/campaign-settings.js";
import { ANNOTATOR_ORIGINS, isPlatformName, PLATFORM_NAMES, platformAlternation } from "../../../src/domain/platform-names.js";

describe("platform names", () => {
  it("are the one list the platform:id patterns read", () => {
    for (const p of PLATFORM_NAMES) {
      expect(ChannelSpec.safeParse(`${p}:C0123`).success).toBe(true);
      expect(PERSON_REF.test(`${p}:U0123`)).toBe(true);
    }
    expect(ChannelSpec.safeParse("matrix:C0123").success).toBe(false);
    expect(PERSON_REF.test("external:U0123")).toBe(false);
  });

  it("annotators may also be external", () => {
    expect(ANNOTATOR_ORIGINS).toEqual([...PLATFORM_NAMES, "external"]);
    expect(platformAlternation()).toBe("slack|discord|terminal");
    expect(isPlatformName("discord")).toBe(true);
    expect(isPlatformName("external")).toBe(false);
  });
});
