/**
 * Node flags of grantflow's two processes, wherever they run: docker-compose.yml's commands and the
 * image's CMD (test/unit/compose.test.ts compares them with these), `npm start`, `npm run prod` and
 * the benchmarks. Both set V8's young generation (its semi-spaces; 16 MiB by default, which RSS keeps
 * after a burst of work).
 */

/**
 * The worker: a burst of thousands of workflow tasks otherwise leaves the semi-spaces at their
 * default in both isolates (main and workflow thread). bench/list.ts with 10 000 grants (worker
 * memory then): 356 MiB RSS with the default, 257 MiB with this and a cache of 64;
 * bench/lifecycle.ts showed no extra worker CPU per workflow.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=2'] as const;

/**
 * The API: with 100 000 grants in the register, 2 400 list requests and a CSV export of all of them
 * (bench/list.ts, 2026-12-02, quiet machine), peak RSS 197–203 MiB with the default, 152–167 MiB
 * with 4 MiB, 181 MiB with 2 MiB (more objects promoted to the old generation); list p95 unchanged
 * (23–28 ms), the export 2.2–2.5 s either way.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=4'] as const;
