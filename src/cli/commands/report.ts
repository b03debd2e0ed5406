import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { REPORT_KINDS } from "../../services/reports/report.js";
import { cliOutput, withCliContext } from "../context.js";

export function registerReportCommand(program: Command): void {
  program
    .command("report <campaign> <kind>")
    .description(`A lead report: ${REPORT_KINDS.join(", ")}`)
    .option("--format <format>", "text | json | png", "text")
    .option("--out <path>", "write to a file (required for png)")
    .addHelpText("after", "\nExample: pairwise report helpfulness-v1 agreement --format png --out agreement.png")
    .action(async (campaign: string, kind: string, o: { format: string; out?: string }) => {
      if (!["text", "json", "png"].includes(o.format)) throw new PairwiseError("VALIDATION", `--format must be text, json or png, got "${o.format}".`);
      if (o.format === "png" && !o.out) throw new PairwiseError("VALIDATION", "A PNG needs --out <file.png>.");
      const [{ renderChartPng }, { buildReport, reportText }] = await Promise.all([
        import("../../charts/render.js"),
        import("../../services/reports/index.js"),
      ]);
      await withCliContext(async (ctx) => {
        const report = await buildReport(ctx, campaign, kind);
        let body: string | Buffer;
        if (o.format === "json")
          body = `${JSON.stringify({ kind: report.kind, campaign: report.campaign, title: report.title, summary: report.summary, ...report.data }, null, 2)}\n`;
        else if (o.format === "png") {
          const [main, ...more] = report.charts;
          if (!main) throw new PairwiseError("CONFLICT", `The ${kind} report has no chart yet: ${report.summary.join(" ")}`);
          body = renderChartPng(main);
          // Further charts go beside the first: report.png, report-2.png, …
          more.forEach((chart, i) => {
            const path = o.out!.replace(/(\.png)?$/i, `-${i + 2}.png`);
            writeFileSync(path, renderChartPng(chart));
            cliOutput.err(`Wrote ${path}.`);
          });
        } else body = reportText(report);
        if (o.out) {
          writeFileSync(o.out, body);
          cliOutput.err(`Wrote ${o.out}.`);
        } else cliOutput.out(String(body));
      });
    });
}
