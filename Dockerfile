# syntax=docker/dockerfile:1
#
# One image for both processes of grantflow:
#   API:    node --max-semi-space-size=4 dist/api/main.js (the default CMD)
#   worker: node dist/worker/main.js   (docker-compose.yml overrides the command)
# No HEALTHCHECK here: docker-compose.yml defines the health checks per service.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, compile TypeScript, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

COPY package.json package-lock.json ./
# The node:20 image ships npm 10, which ignores package.json's `allowScripts` field (npm 11
# only warns about it). So install with every lifecycle script off, then run the scripts of
# exactly the packages that `allowScripts` sets to true (@swc/core, esbuild, protobufjs
# today), the way npm 12 enforces the field. This keeps @parcel/watcher and maildev
# (both `false`) from running their install scripts in the image. `npm install --no-save`
# rather than `npm ci`: the lockfile lacks other platforms' optional packages (see scripts/setup.sh).
RUN npm install --no-save --ignore-scripts --no-audit --no-fund \
 && allowed="$(node -p "Object.entries(require('./package.json').allowScripts || {}).filter(([, ok]) => ok === true).map(([name]) => name).join(' ')")" \
 && if [ -n "$allowed" ]; then npm rebuild $allowed; fi

COPY . .
# tsc -p tsconfig.build.json -> dist/; the workflow bundle -> dist/workflow-bundle.js (the worker
# loads it through WORKER_WORKFLOW_BUNDLE and runs without webpack in memory). Then drop dev
# dependencies. The workflow sources are kept too (workflows/, domain/, activities/; skip any
# that do not exist), so a worker without WORKER_WORKFLOW_BUNDLE can still bundle at start-up.
RUN npm run build \
 && node dist/worker/bundle.js dist/workflow-bundle.js \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p /out \
 && for dir in workflows domain activities common shared register; do \
      if [ -d "$dir" ]; then cp -R "$dir" /out/; fi; \
    done

# ---- runtime: production dependencies, compiled code, workflow sources; non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# workflows/, domain/, activities/ (and common/, shared/ if present) as TypeScript sources,
# for the workflow bundler
COPY --from=build /out/ ./

USER node
EXPOSE 3000
# The API's Node flags: common/nodeFlags.ts API_NODE_FLAGS.
CMD ["node", "--max-semi-space-size=4", "dist/api/main.js"]
