import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberedRequestsFor } from "../../src/services/remembered-requests.js";
import type { ServiceContext } from "../../src/services/context.js";
import type { ManualClock } from "../../src/clock.js";
import { createTestCore } from "./../helpers/core.js";
import { createPostgresTestCore } from "./../helpers/postgres-core.js";

/**
 * Replicas sharing one database each keep a replay guard; a signed request must be served by one of
 * them only, whichever replica (or how many) it is sent to.
 */
describe.each(["sqlite", "postgres"] as const)("the replay guard shared through the database (%s)", (dialect) => {
  let services: ServiceContext;
  let clock: ManualClock;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (dialect === "sqlite") {
      const core = createTestCore();
      services = core.services;
      clock = core.clock;
    } else {
      const core = await createPostgresTestCore();
      services = core.services;
      clock = core.clock;
      close = () => core.close();
    }
  });
  afterAll(() => close());

  it("serves a request once across replicas, even when every replica gets it at the same moment", async () => {
    const replicas = await Promise.all(Array.from({ length: 8 }, () => rememberedRequestsFor(services, { shared: true })));
    const expiresAt = clock.now().getTime() + 300_000;
    const answers = await Promise.all(replicas.map((guard) => guard.firstTime("slack:sig-1", expiresAt)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    // Sent again later, to any of them: refused.
    for (const guard of replicas) expect(await guard.firstTime("slack:sig-1", expiresAt)).toBe(false);
    // Another request is another key.
    expect(await replicas[3]!.firstTime("discord:sig-2", expiresAt)).toBe(true);
    for (const guard of replicas) await guard.stop();
  });

  it("lets a key be claimed again once it expired (the platform refuses such a request as stale anyway)", async () => {
    const [first, second] = [await rememberedRequestsFor(services, { shared: true }), await rememberedRequestsFor(services, { shared: true })];
    const expiresAt = clock.now().getTime() + 300_000;
    expect(await first.firstTime("slack:sig-3", expiresAt)).toBe(true);
    expect(await second.firstTime("slack:sig-3", expiresAt)).toBe(false);
    clock.advance(300_001);
    expect(await second.firstTime("slack:sig-3", clock.now().getTime() + 300_000)).toBe(true);
    await first.stop();
    await second.stop();
  });
});
