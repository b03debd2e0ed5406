import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { cliOutput, withCliContext } from "../context.js";

const HELP = `
Scopes (comma list): campaigns, items, judgments, exports, webhooks, each :read or :write
(write includes read; a bare name means both), or all.

Examples:
  pairwise token create --name trainer --scopes items:write,judgments:read,exports:read
  pairwise token create --name ci --scopes all --rate 120
  pairwise token list
  pairwise token revoke trainer

The token is printed once; only its SHA-256 is stored. Send it as: Authorization: Bearer pw_…`;

export function registerTokenCommand(program: Command): void {
  const token = program.command("token").description("Create, list and revoke pipeline API tokens").addHelpText("after", HELP);

  token
    .command("create")
    .description("Create a token and print it (once)")
    .requiredOption("--name <name>", "a name to tell it apart (letters, digits, . _ - @)")
    .requiredOption("--scopes <list>", "comma list of scopes, or all")
    .option("--rate <n>", "requests a minute it may make (default 600)")
    .action(async (options: { name: string; scopes: string; rate?: string }) => {
      const rate = options.rate === undefined ? undefined : Number(options.rate);
      if (rate !== undefined && (!Number.isInteger(rate) || rate < 1))
        throw new PairwiseError("VALIDATION", `--rate takes a whole number of requests a minute, such as 600; got "${options.rate}".`);
      const { createApiToken } = await import("../../services/api/tokens.js");
      await withCliContext(async (ctx) => {
        const { token: secret, row } = await createApiToken(ctx, {
          name: options.name,
          scopes: options.scopes,
          ...(rate !== undefined ? { ratePerMinute: rate } : {}),
        });
        // The token alone on stdout, so a script can capture it: TOKEN=$(pairwise token create …)
        cliOutput.out(secret);
        cliOutput.err(
          `Created token "${row.name}" with ${row.scopes.join(", ")} (${row.ratePerMinute} requests a minute). It is shown this once: store it now.`,
        );
      });
    });

  token
    .command("list")
    .description("List tokens (never the tokens themselves)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { listTokens } = await import("../../services/api/tokens.js");
      await withCliContext(async (ctx) => {
        const rows = await listTokens(ctx);
        if (options.json) return cliOutput.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return cliOutput.out("No tokens yet. Create one with: pairwise token create --name <name> --scopes <scopes>");
        for (const r of rows) {
          const state =
            r.revokedAt !== null
              ? `revoked ${new Date(r.revokedAt).toISOString().slice(0, 10)}`
              : r.lastUsedAt !== null
                ? `last used ${new Date(r.lastUsedAt).toISOString().slice(0, 16)}Z`
                : "never used";
          cliOutput.out(`${r.name.padEnd(20)} ${r.prefix}…  ${state.padEnd(26)} ${r.scopes.join(",")}`);
        }
      });
    });

  token
    .command("revoke <name>")
    .description("Revoke a token: requests with it are refused from now on")
    .action(async (name: string) => {
      const { revokeToken } = await import("../../services/api/tokens.js");
      await withCliContext(async (ctx) => {
        await revokeToken(ctx, name);
        cliOutput.out(`Revoked token "${name}".`);
      });
    });
}
