# houston-mock: a local emulator of Astronomer Software's Houston API.
#   docker build -t houston-mock .
#   docker run --rm -p 8871:8871 houston-mock            # then http://localhost:8871/v1
#   docker run --rm -p 8871:8871 -v $PWD/config.yaml:/config.yaml houston-mock --config /config.yaml
#   docker run --rm -p 9000:9000 houston-mock --port 9000   # flags after the image name are the CLI's; the last wins

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
# The build bundles the CLI and copies its data files with these (scripts/bundle-cli.mjs, scripts/copy-data.mjs).
COPY scripts ./scripts
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
# The image's own non-root user.
USER node
EXPOSE 8871
# Asks /health on the port and host the server was started with (read from PID 1's command line), so a --port
# given to `docker run` keeps the container healthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
# Inside a container the server must accept connections from outside it: bind every interface. The exec form makes
# the server PID 1, so `docker stop` (SIGTERM) reaches it directly and it stops cleanly.
ENTRYPOINT ["node", "dist/cli.js", "--host", "0.0.0.0", "--port", "8871"]
