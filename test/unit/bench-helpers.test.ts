/** The benchmarks' pure helpers: options, percentiles, tables, the Prometheus reader. */
import { ArgsError, envName, flagName, parseArgs, usage } from '../../bench/lib/args';
import { fmt, parsePrometheus, percentile, pool, summarize, table } from '../../bench/lib/stats';

const SPEC = {
  grants: { default: 200, full: 1000, help: 'grants' },
  concurrency: { default: 25, help: 'in flight' },
  deadlines: { default: 'seed', help: 'seed or none' },
  twoYears: { default: true, help: 'two-year run' },
};

describe('parseArgs', () => {
  it('takes defaults, then env, then the command line', () => {
    expect(parseArgs(SPEC, []).values).toEqual({ grants: 200, concurrency: 25, deadlines: 'seed', twoYears: true });
    expect(parseArgs(SPEC, [], { BENCH_GRANTS: '300' }).values.grants).toBe(300);
    expect(parseArgs(SPEC, ['--grants', '400'], { BENCH_GRANTS: '300' }).values.grants).toBe(400);
    expect(parseArgs(SPEC, ['--grants=500']).values.grants).toBe(500);
  });

  it('uses the full sizes under --full (or BENCH_FULL=1) unless an option is given', () => {
    expect(parseArgs(SPEC, ['--full']).values.grants).toBe(1000);
    expect(parseArgs(SPEC, [], { BENCH_FULL: '1' }).values.grants).toBe(1000);
    expect(parseArgs(SPEC, ['--full', '--grants', '50']).values.grants).toBe(50);
    expect(parseArgs(SPEC, ['--full']).values.concurrency).toBe(25);
  });

  it('reads switches, negated switches and camel-case names as kebab-case flags', () => {
    expect(parseArgs(SPEC, ['--no-two-years']).values.twoYears).toBe(false);
    expect(parseArgs(SPEC, ['--two-years', '--grants', '1']).values.twoYears).toBe(true);
    expect(parseArgs(SPEC, ['--two-years=false']).values.twoYears).toBe(false);
    expect(flagName('historySample')).toBe('history-sample');
    expect(envName('historySample')).toBe('BENCH_HISTORY_SAMPLE');
  });

  it('refuses what it does not know rather than running the default size', () => {
    expect(() => parseArgs(SPEC, ['--grant', '5'])).toThrow(ArgsError);
    expect(() => parseArgs(SPEC, ['--grants', 'many'])).toThrow(/must be a number/);
    expect(() => parseArgs(SPEC, ['--grants'])).toThrow(/needs a value/);
    expect(() => parseArgs(SPEC, ['lifecycle'])).toThrow(/unexpected argument/);
    expect(() => parseArgs(SPEC, [], { BENCH_CONCURRENCY: 'x' })).toThrow(/BENCH_CONCURRENCY/);
  });

  it('prints every option with its default, full size and variable', () => {
    const text = usage('title', SPEC);
    expect(text).toContain('--grants');
    expect(text).toContain('--full: 1000');
    expect(text).toContain('BENCH_TWO_YEARS');
  });
});

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, min: 1, mean: 2.5, p50: 2, p95: 4, p99: 4, max: 4 });
  });

  it('formats numbers and tables for reading', () => {
    expect(fmt(1234.5)).toBe('1235');
    expect(fmt(0.12345)).toBe('0.123');
    expect(fmt(NaN)).toBe('–');
    expect(table(['a', 'b'], [['x', 1.5], ['long name', 22]]).split('\n')).toEqual(['a            b', '---------  ---', 'x          1.5', 'long name   22']);
    expect(table(['a', 'b'], [['x', 'yy']], ['r', 'l']).split('\n')).toEqual(['a  b', '-  --', 'x  yy']);
  });

  it('runs at most `limit` at a time and keeps the order of results', async () => {
    let running = 0;
    let most = 0;
    const out = await pool([5, 1, 4, 2, 3], 2, async (x) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, x));
      running -= 1;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('sums a Prometheus exposition by name, without buckets', () => {
    const text = [
      '# HELP temporal_sticky_cache_hit hits',
      'temporal_sticky_cache_hit{namespace="default",task_queue="a"} 3',
      'temporal_sticky_cache_hit{namespace="default",task_queue="b"} 4',
      'temporal_workflow_task_execution_latency_bucket{le="10"} 9',
      'temporal_workflow_task_execution_latency_sum{task_queue="a"} 12.5',
      'temporal_workflow_task_execution_latency_count 2',
    ].join('\n');
    expect(parsePrometheus(text)).toEqual({ temporal_sticky_cache_hit: 7, temporal_workflow_task_execution_latency_sum: 12.5, temporal_workflow_task_execution_latency_count: 2 });
  });
});
