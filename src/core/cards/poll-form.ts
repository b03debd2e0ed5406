import { encodeAction } from "../action-ids.js";
import type { FormView } from "../views.js";
import { MAX_OPTIONS, MAX_OPTION_LENGTH, MAX_QUESTION_LENGTH } from "../../services/polls/poll-request.js";

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
