import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import {
  type Action,
  type ChatPlatform,
  type Destination,
  type FileUpload,
  type FormValues,
  type FormView,
  type InboundEvent,
  type InboundHandler,
  type MessageRef,
  type MessageView,
  parseAction,
  type PlatformCapabilities,
  type Reply,
  type UserRef,
} from "../../src/core/port.js";
import { isPairwiseError } from "../../src/errors.js";
import { parseTerminalLine, type TerminalInput } from "./parse.js";
import { ansiStyle, plainStyle, renderFormPrompt, renderMessage, type Style } from "./render.js";

export interface TerminalAdapterOptions {
  input: Readable;
  output: Writable;
  user: UserRef;
  /** A person at a terminal: a prompt, colours, and the first item shown at once. */
  interactive: boolean;
  /** Where files (full texts, charts) are written. */
  filesDir: string;
  /** Campaign to start with in interactive mode, and the one `next` means until another is named. */
  campaign?: string;
  /** Resolves when the work a reply left running (channel posts, notices) is done, so a piped script sees its output before its next line runs. */
  settle?: () => Promise<void>;
  /** Adds the bundled demo campaign to this database (the `demo` command); absent where it is not offered. */
  demo?: () => Promise<{ created: boolean; name: string }>;
  /** Colours in interactive mode; false when NO_COLOR is set (https://no-color.org). */
  color?: boolean;
}

const HELP = `Commands:
  next [campaign]   show the next comparison
  vote 1|2|tie|bad  pick Response 1, Response 2, a tie, or both bad
  why <text>        add your rationale (options: --confidence 1-5 --difficulty easy|moderate|ambiguous --flags a,b --score dim=r1,r2)
  skip              give this item back
  full 1|2|prompt   show a text in full
  guidelines        the guidelines and rubric of the campaign on screen (or: guidelines <campaign>)
  stats             your numbers
  post <campaign>   post items here as a channel would; vote on them with vote 1|2|tie|bad
  poll "q" "a" "b"  a quick poll; vote with poll vote <poll> <option>, e.g. poll vote 2 1
  demo              add the bundled demo campaign to this database
  adjudicate <campaign> judge   leads: review the pairs where the AI judge disagrees with the humans;
                    answer humans | judge | skip (review: the same from a judge report)
  campaigns, post, open, pause …  the /pairwise lead commands
  help              this list     quit  leave (or Ctrl-D)`;

/**
 * The terminal playground: the same port as Slack and Discord, driven by typed lines. With a
 * terminal it is interactive; with a pipe it reads line commands and exits 0 at end of input, so
 * it can be scripted and tested.
 */
export class TerminalAdapter implements ChatPlatform {
  readonly name = "terminal" as const;
  readonly capabilities: PlatformCapabilities = {
    ephemeralOutsideInteraction: true,
    maxFormFields: 100,
    maxTextInput: 3000,
    threads: false,
    minPostIntervalMs: 0,
  };
  /** Resolves when the input ends or the user quits. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private handler: InboundHandler | undefined;
  private rl: Interface | undefined;
  private card: MessageView | undefined;
  private pendingForm: FormView | undefined;
  private readonly style: Style;
  private nextMessageId = 1;
  /** The campaign `next` means: the last one named, else the one the playground started on. */
  private campaign: string | undefined;

  constructor(private readonly options: TerminalAdapterOptions) {
    this.style = options.interactive && options.color !== false ? ansiStyle : plainStyle;
    this.campaign = options.campaign;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
    const rl = createInterface({
      input: this.options.input,
      output: this.options.interactive ? this.options.output : undefined,
      terminal: this.options.interactive,
    });
    this.rl = rl;
    void this.loop(rl);
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  private print(text: string): void {
    this.options.output.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  private async loop(rl: Interface): Promise<void> {
    if (this.options.interactive) {
      this.print(this.style.bold("Pairwise playground") + this.style.dim(" · compare two responses, pick the better one · type help for commands"));
      if (this.campaign) await this.run({ kind: "next", campaign: this.campaign });
      else
        this.print(
          this.options.demo
            ? "Type `next <campaign>` to start, `campaigns` to list them, or `demo` to add the demo campaign here."
            : "Type `next <campaign>` to start, or `campaigns` to list them.",
        );
      rl.setPrompt("pairwise> ");
      rl.prompt();
    }
    try {
      for await (const line of rl) {
        let input: TerminalInput;
        try {
          input = parseTerminalLine(line);
        } catch (error) {
          this.print(isPairwiseError(error) ? error.message : String(error));
          if (this.options.interactive) rl.prompt();
          continue;
        }
        if (input.kind === "quit") break;
        await this.run(input);
        // A script reads the outcome of each line before the next; a person keeps the prompt
        // while long work (a pre-scoring run) goes on, its messages printed as they come.
        if (!this.options.interactive) await this.options.settle?.();
        if (this.options.interactive) rl.prompt();
      }
    } finally {
      rl.close();
      this.resolveDone();
    }
  }

  /** Turns one typed command into events for the core and shows what comes back. */
  private async run(input: TerminalInput): Promise<void> {
    switch (input.kind) {
      case "empty":
        return;
      case "help":
        this.print(HELP);
        return;
      case "quit":
        return;
      case "next": {
        const named = input.campaign ?? this.campaign;
        const reply = await this.exchange(this.commandEvent("next", named ? [named] : []));
        // Remembered once it gave work (a card with buttons), so a mistyped name does not stick.
        if (input.campaign && (reply.kind === "private" || reply.kind === "update") && reply.view.blocks.some((b) => b.type === "actions"))
          this.campaign = input.campaign;
        return;
      }
      case "guidelines": {
        // The card on screen knows its campaign; a name typed wins.
        const button = input.campaign ? undefined : this.findButton((a) => a.verb === "guidelines");
        if (button) return this.send(this.actionEvent(button));
        const named = input.campaign ?? this.campaign;
        return this.send(this.commandEvent("guidelines", named ? [named] : []));
      }
      case "poll_vote":
        return this.send(this.actionEvent({ verb: "poll_vote", pollId: input.pollId, option: input.option }));
      case "demo": {
        if (!this.options.demo) return this.print("The demo campaign is not offered here.");
        const demo = await this.options.demo();
        this.campaign = demo.name;
        this.print(
          demo.created
            ? `Added the demo campaign "${demo.name}". Type \`next\` to start.`
            : `The demo campaign "${demo.name}" is already here. Type \`next\` to start.`,
        );
        return;
      }
      case "command":
        return this.send(this.commandEvent(input.subcommand, input.args));
      case "vote":
        return this.clickButton((a) => (a.verb === "vote" || a.verb === "channel_vote") && a.choice === input.choice, "No item is open. Type `next` first.");
      case "skip":
        return this.clickButton(
          (a) => a.verb === "skip" || (a.verb === "adjudicate" && a.choice === "skip") || (a.verb === "judge_decide" && a.side === "skip"),
          "No item is open. Type `next` first.",
        );
      case "judge_review":
        return this.clickButton(
          (a) => (input.side === "start" ? a.verb === "judge_review" : a.verb === "judge_decide" && a.side === input.side),
          input.side === "start"
            ? "No judge report with disagreements is on screen. Type `report <campaign> judge`, or `adjudicate <campaign> judge`."
            : "No pair of a judge review is open. Type `adjudicate <campaign> judge`.",
        );
      case "full":
        return this.clickButton(
          (a) => (a.verb === "full_text" || a.verb === "channel_full_text") && a.part === input.part,
          "No item is shown. Type `next` first.",
          true,
        );
      case "why":
        return this.submitWhy(input.values);
      case "review": {
        const review = this.findButton((a) => a.verb === "review" && a.verdict === input.verdict);
        if (!review || review.verb !== "review") return this.print("No peer review is open. Type `next`.");
        if (input.verdict === "agree") return this.send(this.actionEvent(review));
        return this.send({
          kind: "form_submitted",
          ...this.base(),
          form: { verb: "review_form", reviewId: review.reviewId, verdict: "disagree" },
          values: { note: input.note },
        });
      }
      case "final": {
        const button = this.findButton((a) => a.verb === "adjudicate" && a.choice === input.choice);
        if (!button || button.verb !== "adjudicate" || button.choice === "skip")
          return this.print("No item to adjudicate is open. Type `adjudicate <campaign>`.");
        return this.send({
          kind: "form_submitted",
          ...this.base(),
          form: { verb: "adjudicate_form", comparisonId: button.comparisonId, choice: button.choice },
          values: { note: input.note },
        });
      }
    }
  }

  private async submitWhy(values: FormValues): Promise<void> {
    if (!this.pendingForm) {
      // No form open yet: open it the way the "Add rationale" button would.
      const rationale = this.findButton((a) => a.verb === "rationale");
      if (!rationale) {
        this.print("Vote first (`vote 1`, `vote 2`, `vote tie`, `vote bad`), then add your rationale with `why <text>`.");
        return;
      }
      await this.send(this.actionEvent(rationale), true);
      if (!this.pendingForm) return;
    }
    const form = this.pendingForm as FormView;
    await this.send({ kind: "form_submitted", ...this.base(), form: parseAction(form.formId), values });
  }

  private findButton(match: (a: Action) => boolean): Action | undefined {
    for (const block of this.card?.blocks ?? []) {
      if (block.type !== "actions") continue;
      for (const button of block.buttons) {
        const action = parseAction(button.actionId);
        if (match(action)) return action;
      }
    }
    // Full-text buttons are not drawn in the terminal (texts are shown whole) but still work.
    return undefined;
  }

  private async clickButton(match: (a: Action) => boolean, missing: string, fullText = false): Promise<void> {
    let action = this.findButton(match);
    if (!action && fullText && this.card) {
      for (const block of this.card.blocks) {
        if (block.type === "long_text" && block.fullTextActionId) {
          const candidate = parseAction(block.fullTextActionId);
          if (match(candidate)) action = candidate;
        }
      }
    }
    if (!action) {
      this.print(missing);
      return;
    }
    await this.send(this.actionEvent(action));
  }

  private base() {
    return {
      platform: "terminal" as const,
      user: this.options.user,
      receivedAt: new Date(),
      raw: null,
      channel: { platform: "terminal" as const, channelId: "local" },
    };
  }

  private commandEvent(subcommand: string, args: string[]): InboundEvent {
    return { kind: "command", ...this.base(), subcommand, args };
  }

  private actionEvent(action: Action): InboundEvent {
    return { kind: "action", ...this.base(), action };
  }

  private async send(event: InboundEvent, quietForm = false): Promise<void> {
    await this.exchange(event, quietForm);
  }

  /** Sends an event, shows the reply, and returns it. */
  private async exchange(event: InboundEvent, quietForm = false): Promise<Reply> {
    if (!this.handler) throw new Error("terminal adapter not started");
    const reply = await this.handler(event);
    await this.show(reply, quietForm);
    return reply;
  }

  /** Carries out a reply: the terminal shows everything inline. */
  private async show(reply: Reply, quietForm = false): Promise<void> {
    switch (reply.kind) {
      case "none":
        return;
      case "update":
      case "private":
        this.showView(reply.view, reply.kind === "update");
        if (reply.kind === "update" && reply.privateNote) this.print(this.style.dim(reply.privateNote.text));
        return;
      case "form":
        this.pendingForm = reply.form;
        if (!quietForm) this.print(renderFormPrompt(reply.form, this.style));
        return;
      case "form_errors":
        this.pendingForm = reply.form;
        for (const message of Object.values(reply.errors)) this.print(`✗ ${message}`);
        return;
      case "deferred":
        this.print(this.style.dim("Working…"));
        return this.show(await reply.work());
      case "file":
        if (reply.view) this.print(renderMessage(reply.view, this.style));
        for (const file of reply.files) this.print(this.saveFile(file));
        if (reply.then) this.showView(reply.then);
        return;
      case "choices":
        this.print(reply.choices.map((c) => c.name).join("\n"));
        return;
    }
  }

  private showView(view: MessageView, isUpdate = false): void {
    const previous = this.card;
    // A notice that only offers the guidelines does not take the place of the card being worked on.
    const hasCardButtons = view.blocks.some((b) => b.type === "actions" && b.buttons.some((btn) => parseAction(btn.actionId).verb !== "guidelines"));
    if (hasCardButtons) {
      this.card = view;
      this.pendingForm = undefined;
    }
    // An update of the card on screen: the texts are already above, show only what changed.
    if (isUpdate && previous && sameTexts(previous, view)) {
      this.print(
        renderMessage({ ...view, blocks: view.blocks.filter((b) => b.type !== "long_text" && b.type !== "header" && b.type !== "divider") }, this.style),
      );
      return;
    }
    this.print(renderMessage(view, this.style));
  }

  /** Text files are printed; other files (charts) are written under filesDir and their path printed. */
  private saveFile(file: FileUpload): string {
    if (file.mimeType.startsWith("text/")) return file.data.toString("utf8");
    mkdirSync(this.options.filesDir, { recursive: true });
    const path = join(this.options.filesDir, file.name);
    writeFileSync(path, file.data);
    return `Saved ${file.title ?? file.name} to ${path}`;
  }

  async postMessage(to: Destination, view: MessageView): Promise<MessageRef> {
    this.showView(view);
    const channelId = to.kind === "channel" ? to.channel.channelId : "local";
    return { platform: "terminal", channelId, messageId: String(this.nextMessageId++) };
  }

  async updateMessage(_message: MessageRef, view: MessageView): Promise<void> {
    this.showView(view);
  }

  async uploadFile(_to: Destination, file: FileUpload, comment?: string): Promise<void> {
    if (comment) this.print(comment);
    this.print(this.saveFile(file));
  }
}

function sameTexts(a: MessageView, b: MessageView): boolean {
  const texts = (v: MessageView) => v.blocks.flatMap((x) => (x.type === "long_text" ? [x.fullTextActionId ?? x.text] : []));
  const ta = texts(a);
  const tb = texts(b);
  return ta.length > 0 && ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}

export function createTerminalAdapter(options: TerminalAdapterOptions): TerminalAdapter {
  return new TerminalAdapter(options);
}
