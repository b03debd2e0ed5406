// A process that opens databases on request, for the migration race test: one line "<path>" in,
// one line "ok" or "error <message>" out. Loaded once, so the opens of several such processes
// can start at the same moment.
import { createInterface } from "node:readline";
import { closeDatabase, openDatabase } from "../../src/storage/database.js";

for await (const path of createInterface({ input: process.stdin })) {
  try {
    closeDatabase(openDatabase(path));
    process.stdout.write("ok\n");
  } catch (error) {
    process.stdout.write(`error ${(error as Error).message.replace(/\s+/g, " ")}\n`);
  }
}
