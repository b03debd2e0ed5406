import { barChart } from "../charts/kinds.js";
import { encodeAction } from "../core/action-ids.js";
import type { FormView, MessageView, ViewBlock } from "../core/views.js";
import type { PollRecord } from "./poll-repo.js";
import { formatInZone } from "../domain/format-time.js";
import { count } from "../domain/plural.js";
import { MAX_OPTIONS, MAX_OPTION_LENGTH, MAX_QUESTION_LENGTH } from "./poll-input.js";

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

/** The results chart posted with a closed poll. */
export function pollChart(poll: PollRecord, counts: number[]) {
  const best = Math.max(...counts);
  return barChart({
    title: `Poll #${poll.id}: ${poll.question.length > 70 ? `${poll.question.slice(0, 69)}…` : poll.question}`,
    subtitle: count(
      counts.reduce((a, b) => a + b, 0),
      "vote",
    ),
    labels: poll.options.map((o, i) => `${i + 1}. ${o}`),
    values: counts,
    colors: counts.map((n) => (n === best && best > 0 ? "#3ba272" : "#5470c6")),
  });
}

/** The form for a poll with long options: one option a line. */
export function pollForm(draft: Record<string, string | string[] | undefined> = {}): FormView {
  const text = (id: string) => (typeof draft[id] === "string" ? (draft[id] as string) : undefined);
  const question = text("question");
  const options = text("options");
  const close = text("close");
  return {
    formId: encodeAction({ verb: "poll_form" }),
    title: "New poll",
    submitLabel: "Post poll",
    fields: [
      {
        type: "text",
        id: "question",
        label: "Question",
        multiline: false,
        required: true,
        maxLength: MAX_QUESTION_LENGTH,
        ...(question ? { initial: question } : {}),
      },
      {
        type: "text",
        id: "options",
        label: `Options, one a line (2–${MAX_OPTIONS})`,
        multiline: true,
        required: true,
        maxLength: Math.min(3000, MAX_OPTIONS * (MAX_OPTION_LENGTH + 1)),
        ...(options ? { initial: options } : {}),
      },
      {
        type: "text",
        id: "close",
        label: "Closes (e.g. 2h or tomorrow 17:00)",
        multiline: false,
        required: false,
        maxLength: 60,
        placeholder: "24h",
        ...(close ? { initial: close } : {}),
      },
      {
        type: "multi_select",
        id: "settings",
        label: "Settings",
        required: false,
        options: [
          { value: "anonymous", label: "Anonymous (votes are final)" },
          { value: "hidden", label: "Hide results until the close" },
          { value: "multi", label: "Allow several choices" },
        ],
      },
    ],
  };
}
