#!/usr/bin/env bash
# Runs a command against a local control plane of its own, then always stops it:
#   bash scripts/with-cluster.sh npx mocha --config .mocharc.e2e.json     (npm run test:e2e)
#   bash scripts/with-cluster.sh npx ts-node --transpile-only bench/engine.bench.ts  (npm run bench:engine)
# Builds the toolchain if needed. The cluster lives in a separate cache folder that shares the built
# binaries, so a cluster started by `npm run local` is left alone and ports never collide.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -gt 0 ] || { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
bash scripts/toolchain.sh
# shellcheck source=/dev/null
source scripts/env.sh

shared_cache="$OPENYURT_CACHE"
own_cache="${OPENYURT_PRIVATE_CACHE:-$(mktemp -d /tmp/openyurt-cluster.XXXXXX)}"
for d in bin share pulumi-home node; do ln -sfn "$shared_cache/$d" "$own_cache/$d"; done
export OPENYURT_CACHE="$own_cache"
export OPENYURT_KUBECONFIG="$OPENYURT_CACHE/cluster/kubeconfig"

# Stops the cluster, then every process still running that was started under it: a provider plugin
# runs in a process group of its own, so one whose engine a test SIGKILLed outlives it and would keep
# the caller's output pipe open (CI's `| tee` would wait forever). They all carry OPENYURT_CACHE=$own_cache.
sweep() {
  local p pid
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "$p/environ"; } 2>/dev/null | grep -qxF "OPENYURT_CACHE=$own_cache"; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
cleanup() { bash scripts/cluster.sh down >/dev/null 2>&1 || true; sweep; rm -rf "$own_cache"; }
trap cleanup EXIT
bash scripts/cluster.sh up >/dev/null
"$@"
