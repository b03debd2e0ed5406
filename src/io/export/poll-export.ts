import { PairwiseError } from "../../errors.js";
import { count } from "../../domain/plural.js";
import { parsePollVoterId } from "../../domain/poll-voter.js";
import type { Db } from "../../storage/database.js";
import { pseudonymSalt } from "../../storage/repos/meta.repo.js";
import { findPoll, pollCounts, pollVotesInOrder } from "../../storage/repos/polls.repo.js";
import { pseudonymize } from "./annotator-name.js";

/**
 * A poll as data. `trl`: a two-option poll whose options are two responses to the question becomes
 * one preference row {prompt, chosen, rejected} (a tie gives none). `raw`: every vote, voters
 * pseudonymized; an anonymous poll has no votes to give, only its tallies.
 */
export async function pollExportLines(db: Db, pollId: number, format: "trl" | "raw"): Promise<{ lines: string[]; note: string }> {
  const poll = await findPoll(db, pollId);
  if (!poll) throw new PairwiseError("NOT_FOUND", `There is no poll #${pollId}.`);
  const { counts, voters } = await pollCounts(db, poll);
  if (format === "trl") {
    if (poll.options.length !== 2)
      throw new PairwiseError("VALIDATION", `Poll #${pollId} has ${poll.options.length} options; a TRL row needs exactly two responses to one prompt.`);
    if (counts[0] === counts[1]) return { lines: [], note: `Poll #${pollId} is tied ${counts[0]}–${counts[1]}: no preference to export.` };
    const win = counts[0]! > counts[1]! ? 0 : 1;
    const row = {
      prompt: poll.question,
      chosen: poll.options[win],
      rejected: poll.options[1 - win],
      id: `poll-${poll.id}`,
      votes: counts,
      voters,
      closed: poll.status === "closed",
    };
    return {
      lines: [JSON.stringify(row)],
      note: `1 preference row from poll #${pollId} (${counts.join("–")}${poll.status === "closed" ? "" : ", still open"}).`,
    };
  }
  if (poll.anonymous) {
    return {
      lines: poll.options.map((option, i) => JSON.stringify({ poll: poll.id, question: poll.question, option_index: i, option, votes: counts[i] })),
      note: `Poll #${pollId} is anonymous: tallies only, ${voters} voters.`,
    };
  }
  const salt = await pseudonymSalt(db);
  const lines = (await pollVotesInOrder(db, poll.id)).map((v) =>
    JSON.stringify({
      poll: poll.id,
      question: poll.question,
      voter: pseudonymize(salt, parsePollVoterId(v.voterUserId)),
      option_index: v.option,
      option: poll.options[v.option],
      at: new Date(v.createdAt).toISOString(),
    }),
  );
  return { lines, note: `${count(lines.length, "vote")} from poll #${pollId}.` };
}
