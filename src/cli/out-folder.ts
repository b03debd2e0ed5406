import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Makes the folder `out` is written into and runs `write`. If the folder did not exist and the
 * write fails before putting anything in it (an unknown campaign, an export with no rows), the
 * folder is removed again: a command that wrote nothing leaves nothing behind.
 */
export async function withOutFolder<T>(out: string, write: () => Promise<T>): Promise<T> {
  const created = out === "-" ? undefined : mkdirSync(dirname(out), { recursive: true });
  try {
    return await write();
  } catch (error) {
    if (created !== undefined && holdsNoFile(created)) rmSync(created, { recursive: true, force: true });
    throw error;
  }
}

function holdsNoFile(folder: string): boolean {
  try {
    return readdirSync(folder, { recursive: true }).every((entry) => statSync(`${folder}/${entry}`).isDirectory());
  } catch {
    return false;
  }
}
