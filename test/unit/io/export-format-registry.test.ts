import { describe, expect, it } from "vitest";
import { exportCommand } from "../../../src/core/commands/report-commands.js";
import { EXPORT_FORMAT_SPECS, EXPORT_FORMATS, exportFormat, formatHelpLines, isExportFormat } from "../../../src/io/export/formats/index.js";

describe("the export format registry", () => {
  it("names each format once, raw first", () => {
    expect(EXPORT_FORMATS).toEqual(["raw", "trl", "kto", "openrlhf", "hh-rlhf", "csv"]);
    expect(new Set(EXPORT_FORMATS).size).toBe(EXPORT_FORMATS.length);
    for (const name of EXPORT_FORMATS) expect(exportFormat(name).name).toBe(name);
    expect(isExportFormat("parquet")).toBe(false);
  });

  it("is what the CLI help and the chat usage list", () => {
    const help = formatHelpLines();
    expect(help).toHaveLength(EXPORT_FORMAT_SPECS.length);
    for (const spec of EXPORT_FORMAT_SPECS) {
      expect(help.some((line) => line.trim().startsWith(spec.name) && line.endsWith(spec.help))).toBe(true);
      expect(exportCommand.usage).toContain(spec.name);
    }
  });

  it("marks the paired formats, which the data card says drop ties", () => {
    expect(EXPORT_FORMAT_SPECS.filter((f) => f.pairedOnly).map((f) => f.name)).toEqual(["trl", "openrlhf", "hh-rlhf"]);
  });
});
