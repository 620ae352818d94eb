# The engine's container image: the compiled worker (default command), the CLI, migrations and the
# simulators, with production packages only. README "Docker" describes it; docker-compose.yml uses
# it. The build steps live in scripts/build-image-steps.sh, which test/integration/image.test.ts
# runs outside Docker.
#   docker build -t bms-itglue-sync .

FROM node:20-bookworm-slim AS build
WORKDIR /src
# Packages first: this layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
# npm ci's postinstall fixes the PostgreSQL driver (scripts/patch-postgres.mjs).
COPY scripts/patch-postgres.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/build-image-steps.sh /out

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Fewer glibc malloc arenas: about 40 MB less resident memory for an idle worker (config/paths.ts).
ENV MALLOC_ARENA_MAX=2
# Prometheus metrics of the worker (GET /metrics).
ENV METRICS_PORT=9464
# Touched by the worker while it runs; the HEALTHCHECK below reads it (workers/health.ts).
ENV WORKER_HEALTH_FILE=/tmp/worker-alive
COPY --from=build --chown=node:node /out/ ./
# Delete-data disconnects write their backups to .data/backups (BACKUP_DIR); docker-compose.yml
# mounts a volume there, which takes this folder's owner.
RUN mkdir -p .data/backups && chown -R node:node .data
USER node
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/workers/health.js"]
# The worker by default; the same image runs the CLI (`node dist/cli/main.js …`), the migrations
# (`node dist/db/migrate.js`) and the simulators (`node dist/simulators/bms/main.js …`).
CMD ["node", "dist/workers/main.js"]
