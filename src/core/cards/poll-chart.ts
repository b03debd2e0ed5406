import { barChart } from "../../charts/kinds.js";
import type { PollRecord } from "../../services/polls/find-polls.js";
import { count } from "../../domain/plural.js";

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
