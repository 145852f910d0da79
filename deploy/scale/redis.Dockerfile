# Redis for the scale profile, from Debian's redis-server package on the Node base image the
# services use (no image registry is needed beyond that base). It holds only rate-limit counters,
# which expire within their window: nothing is written to disk.
FROM node:20.19-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
# No password: only the gateways share a compose network with it (compose.scale.yaml's `limits`).
ENTRYPOINT ["redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "volatile-ttl"]
