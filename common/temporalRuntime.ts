/**
 * The Temporal runtime for tests and benchmarks, installed once per process (it is a native
 * singleton: the first install wins). Quiet: the SDK's and core's logs at ERROR, because the
 * time-skipping test server does not advertise capabilities a real server has (core warns about it
 * on every worker) and expected activity failures would print their stack traces. The worker
 * process (worker/main.ts) installs its own runtime, at WARN.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';

let installed = false;

export function quietRuntime(opts: { level?: LogLevel; prometheus?: string } = {}): void {
  if (installed) return;
  installed = true;
  const level = opts.level ?? 'ERROR';
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: level }) },
        ...(opts.prometheus ? { metrics: { prometheus: { bindAddress: opts.prometheus } } } : {}),
      },
    });
  } catch {
    /* a runtime already exists in this process (another module registry installed it) */
  }
}
