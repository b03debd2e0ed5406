type Json = Record<string, unknown>;

/** Discord's message rules (research/platform-limits.md §2.2–2.3): returns a 50035 error body or undefined. */
export function validateMessage(body: Json): Json | undefined {
  const errors: string[] = [];
  if (typeof body.content === "string" && body.content.length > 2000) errors.push("content: Must be 2000 or fewer in length.");
  const embeds = (body.embeds as Json[] | undefined) ?? [];
  if (embeds.length > 10) errors.push("embeds: Must be 10 or fewer in length.");
  let total = 0;
  embeds.forEach((e, i) => {
    const title = String(e.title ?? "");
    const description = String(e.description ?? "");
    if (title.length > 256) errors.push(`embeds.${i}.title: Must be 256 or fewer in length.`);
    if (description.length > 4096) errors.push(`embeds.${i}.description: Must be 4096 or fewer in length.`);
    const fields = (e.fields as Json[] | undefined) ?? [];
    if (fields.length > 25) errors.push(`embeds.${i}.fields: Must be 25 or fewer in length.`);
    for (const f of fields) if (String(f.name).length > 256 || String(f.value).length > 1024) errors.push(`embeds.${i}.fields: field too long`);
    const footer = String((e.footer as Json | undefined)?.text ?? "");
    if (footer.length > 2048) errors.push(`embeds.${i}.footer.text: Must be 2048 or fewer in length.`);
    total += title.length + description.length + footer.length + fields.reduce((s, f) => s + String(f.name).length + String(f.value).length, 0);
  });
  if (total > 6000) errors.push("embeds: Embed size exceeds maximum size of 6000");
  const rows = (body.components as Json[] | undefined) ?? [];
  if (rows.length > 5) errors.push("components: Must be 5 or fewer in length.");
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    const parts = (row.components as Json[] | undefined) ?? [];
    if (row.type !== 1 || parts.length === 0 || parts.length > 5) errors.push(`components.${r}: an action row holds 1 to 5 buttons`);
    for (const c of parts) {
      const id = String(c.custom_id ?? "");
      if (id.length === 0 || id.length > 100) errors.push(`components.${r}: custom_id must be 1 to 100 characters`);
      if (ids.has(id)) errors.push(`components.${r}: custom_id must be unique`);
      ids.add(id);
      if (String(c.label ?? "").length > 80) errors.push(`components.${r}: label must be 80 or fewer in length`);
    }
  });
  if (!body.content && embeds.length === 0 && rows.length === 0 && !body.attachments && !body.files) errors.push("Cannot send an empty message");
  return errors.length > 0
    ? { code: 50035, message: "Invalid Form Body", errors: { _errors: errors.map((m) => ({ code: "BASE_TYPE_INVALID", message: m })) } }
    : undefined;
}

/** Modal rules: title ≤ 45, 1–5 top-level components, text inputs ≤ 4000, custom_id ≤ 100. */
export function validateModal(data: Json): Json | undefined {
  const errors: string[] = [];
  if (String(data.title ?? "").length > 45 || !data.title) errors.push("title: Must be between 1 and 45 in length.");
  if (String(data.custom_id ?? "").length > 100 || !data.custom_id) errors.push("custom_id: Must be between 1 and 100 in length.");
  const components = (data.components as Json[] | undefined) ?? [];
  if (components.length < 1 || components.length > 5) errors.push("components: Must be between 1 and 5 in length.");
  for (const c of components) {
    const inner = (c.component as Json | undefined) ?? ((c.components as Json[] | undefined) ?? [])[0];
    if (inner && inner.type === 4 && Number(inner.max_length ?? 4000) > 4000) errors.push("text input max_length must be 4000 or less");
    if (c.type === 18 && String(c.label ?? "").length > 45) errors.push("label: Must be 45 or fewer in length.");
  }
  return errors.length > 0
    ? { code: 50035, message: "Invalid Form Body", errors: { _errors: errors.map((m) => ({ code: "BASE_TYPE_INVALID", message: m })) } }
    : undefined;
}

/**
 * Discord's rules for an application command in a bulk overwrite (research/platform-limits.md §2.5,
 * developers/interactions/application-commands): names 1–32 characters of the documented set,
 * lowercase; descriptions 1–100; at most 25 options at each level and 25 choices an option; required
 * options before optional ones; and at most 4000 characters of names, descriptions and choice
 * names and values in the whole command. Returns a 50035 error body or undefined.
 */
export function validateCommand(command: Json): Json | undefined {
  const errors: string[] = [];
  let characters = 0;
  const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
  const check = (o: Json, where: string): void => {
    const name = String(o.name ?? "");
    const description = String(o.description ?? "");
    if (!NAME.test(name) || name !== name.toLowerCase()) errors.push(`${where}.name: "${name}" is not a valid command or option name.`);
    if (description.length < 1 || description.length > 100) errors.push(`${where}.description: Must be between 1 and 100 in length.`);
    characters += name.length + description.length;
    const choices = (o.choices as Json[] | undefined) ?? [];
    if (choices.length > 25) errors.push(`${where}.choices: Must be 25 or fewer in length.`);
    for (const c of choices) characters += String(c.name ?? "").length + String(c.value ?? "").length;
    const options = (o.options as Json[] | undefined) ?? [];
    if (options.length > 25) errors.push(`${where}.options: Must be 25 or fewer in length.`);
    const firstOptional = options.findIndex((x) => !x.required);
    if (firstOptional >= 0 && options.slice(firstOptional).some((x) => x.required))
      errors.push(`${where}.options: Required options must be placed before non-required options.`);
    options.forEach((x, i) => check(x, `${where}.options.${i}`));
  };
  check(command, "command");
  if (characters > 4000) errors.push(`command: Command exceeds maximum size (4000), ${characters} characters.`);
  return errors.length === 0
    ? undefined
    : { code: 50035, message: "Invalid Form Body", errors: { _errors: errors.map((m) => ({ code: "BASE_TYPE_INVALID", message: m })) } };
}
