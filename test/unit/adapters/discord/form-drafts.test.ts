import { describe, expect, it } from "vitest";
import { FormDrafts } from "../../../../adapters/discord/reply.js";
import { encodeAction, type FormView } from "../../../../src/core/port.js";

const formFor = (assignmentId: number, text: string): FormView => ({
  formId: encodeAction({ verb: "rubric_form", assignmentId, page: 1 }),
  title: "Why?",
  submitLabel: "Save",
  fields: [{ type: "text", id: "rationale", label: "Rationale", multiline: true, required: true, maxLength: 2000, initial: text }],
});

describe("drafts of forms sent back with errors (Discord's Fix and resubmit)", () => {
  it("gives each draft an id no other process (a replica, or this one after a restart) hands out for someone else's text", () => {
    const replicas = [new FormDrafts(), new FormDrafts()];
    const ids = replicas.map((drafts, r) => Array.from({ length: 200 }, (_, i) => drafts.save(formFor(1000 * r + i + 1, `text ${r}.${i}`))));
    expect(new Set([...ids[0]!, ...ids[1]!]).size).toBe(400);
    // A button whose draft another replica keeps finds nothing here (the user is told to reopen the form).
    expect(replicas[1]!.get(ids[0]![0]!, 1)).toBeUndefined();
    expect(replicas[0]!.get(ids[0]![0]!, 1)?.fields).toEqual(formFor(1, "text 0.0").fields);
  });

  it("gives a draft back only for the form it was saved for", () => {
    const drafts = new FormDrafts();
    const id = drafts.save(formFor(7, "mine"));
    expect(drafts.get(id, 8)).toBeUndefined();
    expect(drafts.get(id, 7)?.formId).toBe(formFor(7, "").formId);
  });
});
