import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { cliOutput, withCliContext } from "../context.js";

function positive(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PairwiseError("VALIDATION", `${what} is a number such as 3, got "${value}".`);
  return n;
}

export function registerWebhookCommand(program: Command): void {
  const webhook = program.command("webhook").description("Inspect webhooks: subscriptions, the delivery log, replays");

  webhook
    .command("list [campaign]")
    .description("List webhooks (of one campaign, or all)")
    .option("--json", "print JSON")
    .action(async (campaign: string | undefined, options: { json?: boolean }) => {
      const { webhooksOf } = await import("../../services/webhooks/subscriptions.js");
      await withCliContext(async (ctx) => {
        const rows = await webhooksOf(ctx, campaign);
        if (options.json) return cliOutput.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return cliOutput.out("No webhooks. Subscribe one with POST /campaigns/{campaign}/webhooks.");
        for (const w of rows) cliOutput.out(`${String(w.id).padStart(4)}  ${w.status.padEnd(8)} ${w.events.join(",").padEnd(40)} ${new URL(w.url).origin}/…`);
      });
    });

  webhook
    .command("deliveries <webhook>")
    .description("The delivery log of a webhook, newest first, with each attempt")
    .option("--limit <n>", "how many", "20")
    .option("--json", "print JSON")
    .action(async (id: string, options: { limit: string; json?: boolean }) => {
      const { deliveryAttempts, deliveryLog } = await import("../../services/webhooks/subscriptions.js");
      await withCliContext(async (ctx) => {
        const rows = await deliveryLog(ctx, positive(id, "The webhook"), { limit: positive(options.limit, "--limit") });
        if (options.json)
          return cliOutput.out(JSON.stringify(await Promise.all(rows.map(async (r) => ({ ...r, attempt_log: await deliveryAttempts(ctx, r.id) }))), null, 2));
        if (rows.length === 0) return cliOutput.out("No deliveries yet.");
        for (const r of rows) {
          const last = r.last_status_code !== null ? `HTTP ${r.last_status_code}` : (r.last_error ?? "");
          cliOutput.out(
            `${String(r.id).padStart(6)}  ${r.type.padEnd(19)} ${r.status.padEnd(9)} ${String(r.attempts).padStart(2)} attempt(s)  ${last}${r.status === "pending" && r.next_attempt_at ? `  next ${r.next_attempt_at}` : ""}  ${r.event_id}`,
          );
        }
      });
    });

  webhook
    .command("replay <delivery>")
    .description("Send a delivery again (same event id and body); the running bot sends it")
    .action(async (id: string) => {
      const { replayDelivery } = await import("../../services/webhooks/subscriptions.js");
      await withCliContext(async (ctx) => {
        const queued = await replayDelivery(ctx, positive(id, "The delivery"));
        cliOutput.out(`Queued delivery ${queued} (a replay of ${id}); the bot sends it within a second.`);
      });
    });
}
