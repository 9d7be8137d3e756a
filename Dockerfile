# Vellum server image: one process serving the API, the web app and the FHIR facade.
# Build: docker build -t vellum .   Run with PostgreSQL and optional object storage: see compose.yaml.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The web app and the server are compiled here so the runtime image needs no build tools.
RUN npm run build:web && npm run build:server

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    VELLUM_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY server ./server
COPY shared ./shared
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:8080/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The node options are SERVE_NODE_OPTIONS (bin/server-build.js), for memory.
CMD ["node", "--max-semi-space-size=2", "--v8-pool-size=1", "bin/vellum.js", "serve"]
