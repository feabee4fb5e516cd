# houston-mock: a local emulator of Astronomer Software's Houston API.
#   docker build -t houston-mock .
#   docker run --rm -p 8871:8871 houston-mock            # then http://localhost:8871/v1
#   docker run --rm -p 8871:8871 -v $PWD/config.yaml:/config.yaml houston-mock --config /config.yaml

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
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
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8871/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Inside a container the server must accept connections from outside it: bind every interface.
ENTRYPOINT ["node", "dist/cli.js", "--host", "0.0.0.0", "--port", "8871"]
