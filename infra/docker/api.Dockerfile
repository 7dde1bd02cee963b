# The Cocrea API and its web app in the embedded mode (SQLite in /data). Build from the repository root:
#   docker build -f infra/docker/api.Dockerfile -t cocrea-api .
# A development token inside a running container (shared-secret mode):
#   docker compose exec api-a node dist/apps/api/apps/api/src/token.js --sub mod-1 --name Marta --roles moderator
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/audit/verifier ./libs/audit/verifier
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY package.json ./
VOLUME /data
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
