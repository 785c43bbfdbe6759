# One image recipe for the three services: docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=claims .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.base.json ./
COPY tools/scripts/build.mjs tools/scripts/build.mjs
COPY libs libs
COPY apps apps
ARG SERVICE
RUN node tools/scripts/build.mjs "${SERVICE}" && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist/${SERVICE} dist
USER node
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/main.js"]
