#!/bin/sh
# The image's programs, by name: gateway | reviews | ml | apikey [arguments].
# exec: the program gets the container's signals directly (graceful shutdown on `docker stop`).
set -eu
program=${1:-}
case "$program" in
  gateway | reviews | ml | apikey)
    shift
    exec node "/app/dist/$program.js" "$@"
    ;;
  *)
    echo "usage: gateway | reviews | ml | apikey create --role reader|writer|admin --name NAME | apikey list | apikey revoke ID" >&2
    exit 64
    ;;
esac
