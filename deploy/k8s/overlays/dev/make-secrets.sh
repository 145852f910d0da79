#!/bin/sh
# Creates the Secrets overlays/dev needs, with generated values, in namespace sentiment-dev (or
# $NAMESPACE). A Secret that exists is kept: PostgreSQL fixes its password when its volume is first
# initialised. Every generated value is hex, so it is safe inside the URLs too.
#   make-secrets.sh                  # no API key yet: the gateway starts with an empty key file
#   make-secrets.sh api-keys.json    # the key file made with: npm run apikey -- create --file api-keys.json …
set -eu
ns=${NAMESPACE:-sentiment-dev}
keys_file=${1:-}
# secret BYTES: that many random bytes from the kernel, as hex.
secret() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
exists() { kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }
create() { kubectl -n "$ns" create secret generic "$@" >/dev/null && echo "created secret $1 in $ns"; }

kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"

exists sentiment-subgraph-secrets || create sentiment-subgraph-secrets \
  --from-literal=reviews="$(secret 32)" --from-literal=ml="$(secret 32)"

if ! exists sentiment-database; then
  password=$(secret 24)
  create sentiment-database --from-literal=password="$password" \
    --from-literal=url="postgresql://sentiment:$password@postgres:5432/sentiment"
fi

if ! exists sentiment-redis; then
  password=$(secret 24)
  create sentiment-redis --from-literal=password="$password" --from-literal=url="redis://:$password@redis:6379"
fi

if [ -n "$keys_file" ]; then
  # Replaced, not kept: the gateways read the new file within a minute or so, without a restart.
  kubectl -n "$ns" create secret generic sentiment-api-keys --from-file=api-keys.json="$keys_file" \
    --dry-run=client -o yaml | kubectl apply -f -
elif ! exists sentiment-api-keys; then
  empty=$(mktemp)
  trap 'rm -f "$empty"' EXIT
  printf '{ "keys": [] }\n' >"$empty"
  create sentiment-api-keys --from-file=api-keys.json="$empty"
fi
