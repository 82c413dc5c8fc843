import type { OptionReader } from "../commands/spec.js";

/** An option as Discord sends it in an interaction's `data.options` (our commands have no subcommands). */
export interface RawOption {
  name: string;
  value?: unknown;
  focused?: boolean;
}

/**
 * Reads options without throwing: Discord sends them typed, but a client with stale commands may
 * send an old shape. An option of the wrong type is treated as absent and noted in `ignored`.
 */
export class LenientOptions implements OptionReader {
  readonly ignored: string[] = [];

  constructor(private readonly options: readonly RawOption[] = []) {}

  string(name: string): string | undefined {
    return this.read(name, (v): v is string => typeof v === "string");
  }

  integer(name: string): number | undefined {
    return this.read(name, (v): v is number => typeof v === "number" && Number.isInteger(v));
  }

  boolean(name: string): boolean | undefined {
    return this.read(name, (v): v is boolean => typeof v === "boolean");
  }

  /** The option being typed in an autocomplete interaction. */
  focused(): { name: string; typed: string } | undefined {
    const option = this.options.find((o) => o.focused === true);
    // Discord sends what is typed as a string, even into an integer option.
    return option && { name: option.name, typed: String(option.value ?? "") };
  }

  private read<T>(name: string, isType: (value: unknown) => value is T): T | undefined {
    const value = this.options.find((o) => o.name === name)?.value;
    if (value === undefined || value === null) return undefined;
    if (isType(value)) return value;
    this.ignored.push(name);
    return undefined;
  }
}
