/**
 * Command-line and environment options for the benchmarks. Pure (no I/O), unit tested.
 *
 *   --grants 1000    --grants=1000    BENCH_GRANTS=1000     (CLI beats env beats default)
 *   --full           every option takes its "full" value (the issue's target size) unless given
 *   --help           prints the options
 */

export type OptionValue = number | string | boolean;

export interface OptionSpec<T extends OptionValue = OptionValue> {
  default: T;
  /** The value under `--full` (the issue's target size); the default otherwise. */
  full?: T;
  help: string;
}

export type Spec = Record<string, OptionSpec>;
export type Values<S extends Spec> = { [K in keyof S]: S[K]['default'] extends number ? number : S[K]['default'] extends boolean ? boolean : string };

export class ArgsError extends Error {}

/**
 * Runs a benchmark as a command: its arguments from the command line, exit 0 when it ran, 1 with
 * the message (a usage error) or the stack (anything else) when it did not.
 */
export function runAsCommand(run: (argv: string[]) => Promise<unknown>): void {
  run(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof ArgsError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}

/** `historyLimit` → `--history-limit` and `BENCH_HISTORY_LIMIT`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
export function envName(key: string): string {
  return `BENCH_${flagName(key).replace(/-/g, '_').toUpperCase()}`;
}

function coerce(spec: OptionSpec, raw: string, where: string): OptionValue {
  if (typeof spec.default === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new ArgsError(`${where} must be a number, not "${raw}"`);
    return n;
  }
  if (typeof spec.default === 'boolean') {
    if (['1', 'true', 'yes', ''].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    throw new ArgsError(`${where} must be true or false, not "${raw}"`);
  }
  return raw;
}

/**
 * Parses `argv` (without node and the script) against `spec`. Unknown flags are an error, so a
 * typo never silently runs the default size. `--full` is always accepted.
 */
export function parseArgs<S extends Spec>(spec: S, argv: string[], env: Record<string, string | undefined> = {}): { values: Values<S>; full: boolean; help: boolean; given: string[] } {
  const byFlag = new Map(Object.keys(spec).map((k) => [flagName(k), k]));
  const cli = new Map<string, string>();
  let full = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--full') {
      full = true;
      continue;
    }
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (!a.startsWith('--')) throw new ArgsError(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const negated = name.startsWith('no-') && byFlag.has(name.slice(3));
    const key = byFlag.get(negated ? name.slice(3) : name);
    if (!key) throw new ArgsError(`unknown option --${name} (known: ${[...byFlag.keys()].map((f) => `--${f}`).join(', ')}, --full)`);
    const s = spec[key]!;
    if (negated) {
      if (typeof s.default !== 'boolean') throw new ArgsError(`--${name} is not a switch`);
      cli.set(key, 'false');
    } else if (eq >= 0) cli.set(key, a.slice(eq + 1));
    else if (typeof s.default === 'boolean' && (i + 1 >= argv.length || argv[i + 1]!.startsWith('--'))) cli.set(key, 'true');
    else {
      if (i + 1 >= argv.length) throw new ArgsError(`--${name} needs a value`);
      cli.set(key, argv[++i]!);
    }
  }
  if (!full && ['1', 'true', 'yes'].includes(env.BENCH_FULL ?? '')) full = true;
  const values: Record<string, OptionValue> = {};
  const given: string[] = [];
  for (const [key, s] of Object.entries(spec)) {
    const fromCli = cli.get(key);
    const fromEnv = env[envName(key)];
    if (fromCli !== undefined) {
      values[key] = coerce(s, fromCli, `--${flagName(key)}`);
      given.push(key);
    } else if (fromEnv !== undefined && fromEnv !== '') {
      values[key] = coerce(s, fromEnv, envName(key));
      given.push(key);
    } else values[key] = full && s.full !== undefined ? s.full : s.default;
  }
  return { values: values as Values<S>, full, help, given };
}

export function usage(title: string, spec: Spec): string {
  const rows = Object.entries(spec).map(([k, s]) => {
    const full = s.full !== undefined ? ` (--full: ${String(s.full)})` : '';
    return `  --${flagName(k)} <${typeof s.default}>`.padEnd(34) + `${s.help} [default ${String(s.default)}${full}; env ${envName(k)}]`;
  });
  return [title, '', ...rows, '  --full'.padEnd(34) + 'use the issue\'s target sizes for every option not given', ''].join('\n');
}
