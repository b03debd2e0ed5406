/**
 * Whether an assignment's lease is over at `at` (epoch ms): the item was, or is about to be, handed
 * back to the pool, so a first answer is refused as expired. The one lease rule of the vote path:
 * `castVote` refuses by it, and the vote button asks for a required rationale only while it holds.
 */
export function leaseOver(assignment: { status: string; leaseEndsAt: number }, at: number): boolean {
  return assignment.status === "expired" || at > assignment.leaseEndsAt;
}
