/**
 * Exits quietly when the reader of our output goes away (`pairwise aggregate … | head`): the
 * next write fails with EPIPE, which Node raises as an unhandled 'error' event with a stack.
 * The reader has all it wanted, so this is a normal end, as a shell tool ends on SIGPIPE.
 * Other stream errors are left to Node.
 */
export function exitQuietlyOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}
