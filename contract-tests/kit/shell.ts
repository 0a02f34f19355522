/** Shell-safe output for `eval "$(...)"`: POSIX single quotes, nothing inside is expanded. */

/** `it's` -> `'it'\''s'`: single-quoted, each `'` closed, escaped and reopened. Newlines stay literal. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'` lines; names must be shell identifiers. */
export function exportLines(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a shell variable name: ${name}`);
      return `export ${name}=${shellQuote(value)}`;
    })
    .join("\n");
}
