# The scale profile's TCP balancer (tcp-balancer.ts): bundled into one file and run by the same
# Node base image as the services. Build context: the repository root.
FROM node:20.19-bookworm-slim AS build
WORKDIR /src
# Only what the bundle needs, at the versions package-lock.json pins.
RUN npm install --no-save --no-package-lock --no-audit --no-fund esbuild@0.28.2 zod@3.25.76
# The balancer needs only the platform's configuration door (zod and nothing else): that door's
# files, laid out as the package so that its name and exports resolve as in the repository.
COPY platform/package.json node_modules/@sentiment/platform/
COPY platform/src/config.ts node_modules/@sentiment/platform/src/
COPY platform/src/errors/startup.ts node_modules/@sentiment/platform/src/errors/
COPY deploy/scale/*.ts deploy/scale/
RUN npx esbuild deploy/scale/balancer-main.ts --bundle --platform=node --format=esm --target=node20 --outfile=/out/balancer.mjs

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /out/balancer.mjs /app/balancer.mjs
USER node
ENTRYPOINT ["node", "/app/balancer.mjs"]
