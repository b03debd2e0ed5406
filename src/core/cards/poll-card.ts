import { encodeAction } from "../action-ids.js";
import type { MessageView, ViewBlock } from "../views.js";
import type { PollRecord } from "../../services/polls/find-polls.js";
import { formatInZone } from "../../domain/format-time.js";

const bar = (share: number) => "█".repeat(Math.round(share * 12)).padEnd(12, "░");

/** The poll message: question, options with counts (unless hidden), how and when it closes (in the team's time zone), buttons. */
export function pollCard(poll: PollRecord, tally: { counts: number[]; voters: number }, zone = "UTC"): MessageView {
  const closed = poll.status === "closed";
  const showCounts = closed || !poll.hidden;
  const total = tally.counts.reduce((a, b) => a + b, 0);
  const best = Math.max(...tally.counts);
  const lines = poll.options.map((o, i) => {
    const n = tally.counts[i] ?? 0;
    if (!showCounts) return `${i + 1}. ${o}`;
    const share = total > 0 ? n / total : 0;
    const text = `${i + 1}. ${o}\n\`${bar(share)}\` ${n} (${Math.round(share * 100)}%)`;
    return closed && n === best && best > 0 ? `*${text}*` : text;
  });
  const traits = [
    poll.anonymous ? "anonymous (votes are final)" : "",
    poll.hidden && !closed ? "results hidden until the close" : "",
    poll.multi ? "several choices allowed" : "",
  ].filter(Boolean);
  const blocks: ViewBlock[] = [
    { type: "header", text: closed ? `📊 Poll #${poll.id} · closed` : `📊 Poll #${poll.id}` },
    { type: "text", text: `*${poll.question}*` },
    { type: "text", text: lines.join("\n") },
    {
      type: "context",
      text: closed
        ? `Closed · ${tally.voters} ${tally.voters === 1 ? "person" : "people"} voted`
        : `${tally.voters} voted · closes ${formatInZone(new Date(poll.closesAt), zone)}${traits.length ? ` · ${traits.join(" · ")}` : ""}`,
    },
  ];
  if (!closed) {
    blocks.push({
      type: "actions",
      buttons: [
        ...poll.options.map((o, i) => ({ actionId: encodeAction({ verb: "poll_vote", pollId: poll.id, option: i }), label: `${i + 1}. ${o}`.slice(0, 70) })),
        { actionId: encodeAction({ verb: "poll_close", pollId: poll.id }), label: "Close poll", style: "danger" as const },
      ],
    });
  }
  const winner = closed && best > 0 ? poll.options.filter((_, i) => tally.counts[i] === best) : [];
  return {
    text: closed ? `Poll closed: ${poll.question} ${winner.length ? `→ ${winner.join(" / ")}` : ""}` : `Poll: ${poll.question}`,
    blocks,
    ...(closed ? { tone: "success" as const } : {}),
  };
}
