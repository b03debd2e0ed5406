/** Where CLI output goes; tests swap it. Kept apart from context.ts so light commands do not load the database. */
export const cliOutput = {
  out: (text: string): void => {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  },
  err: (text: string): void => {
    process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
  },
};
