import { type Action, type FormView, type MessageView, parseAction, type ViewBlock } from "../../src/core/port.js";

/** ANSI styling, or none when the output is not a terminal (pipes, tests) or NO_COLOR is set (https://no-color.org). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  accent(s: string): string;
}

export const plainStyle: Style = { bold: (s) => s, dim: (s) => s, accent: (s) => s };
export const ansiStyle: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  accent: (s) => `\x1b[36m${s}\x1b[39m`,
};

/** The terminal command that stands for a button, so people type what they would click. */
export function commandForAction(action: Action): string | undefined {
  switch (action.verb) {
    case "vote":
    case "channel_vote":
      return `vote ${action.choice === "both_bad" ? "bad" : action.choice}`;
    case "skip":
      return "skip";
    case "next":
      return "next";
    case "rationale":
      return "why <text>";
    case "rubric":
      return "score <dimension> <1-5> <1-5>";
    case "full_text":
    case "channel_full_text":
      return `full ${action.part}`;
    case "review":
      return action.verdict === "agree" ? "agree" : "disagree <why>";
    case "adjudicate":
      return action.choice === "skip" ? "skip" : `final ${action.choice === "both_bad" ? "bad" : action.choice} <note>`;
    case "judge_review":
      return "review";
    case "judge_decide":
      return action.side;
    case "guidelines":
      return "guidelines";
    case "poll_vote":
      return `poll vote ${action.pollId} ${action.option + 1}`;
    case "poll_close":
      return `poll close ${action.pollId}`;
    default:
      return undefined;
  }
}

/** Markdown-ish `*bold*` to terminal bold. */
function inline(text: string, style: Style): string {
  return text.replace(/\*([^*\n]+)\*/g, (_m, inner: string) => style.bold(inner));
}

function block(b: ViewBlock, style: Style, width: number): string[] {
  switch (b.type) {
    case "header":
      return ["", style.bold(style.accent(b.text)), style.dim("─".repeat(Math.min(width, Math.max(b.text.length, 20))))];
    case "text":
      return [inline(b.text, style)];
    case "long_text":
      // The terminal has no length limit: the whole text is shown, never cut.
      return ["", style.bold(`${b.title}:`), b.text];
    case "fields":
      return b.fields.map((f) => `${style.dim(`${f.label}:`)} ${f.value}`);
    case "context":
      return [style.dim(b.text)];
    case "divider":
      return [style.dim("· · ·")];
    case "actions": {
      const commands = [...new Set(b.buttons.map((btn) => commandForAction(parseAction(btn.actionId))).filter((c): c is string => !!c))];
      return commands.length > 0 ? ["", `${style.dim("→")} ${commands.map((c) => style.accent(c)).join(style.dim("  |  "))}`] : [];
    }
    case "image":
      return [style.dim(`[image: ${b.alt}]`)];
  }
}

/** A message as terminal text. */
export function renderMessage(view: MessageView, style: Style = plainStyle, width = 80): string {
  return view.blocks.flatMap((b) => block(b, style, width)).join("\n");
}

/** How to fill a form from the terminal, since there is no modal. */
export function renderFormPrompt(form: FormView, style: Style = plainStyle): string {
  const lines = [style.bold(form.title)];
  if (form.intro) lines.push(inline(form.intro, style));
  const ids = form.fields.map((f) => f.id);
  if (ids.includes("rationale"))
    lines.push(`Type ${style.accent("why <your reason>")}; optional: --confidence 1-5 --difficulty easy|moderate|ambiguous --flags hallucination,unsafe,…`);
  const rubric = ids.filter((id) => id.startsWith("rubric."));
  if (rubric.length > 0)
    lines.push(`Rubric: add --score <dimension>=<r1>,<r2> (1-5 for Response 1 and 2), e.g. ${style.accent(`--score ${rubric[0]!.split(".")[1]}=4,2`)}`);
  return lines.join("\n");
}
