#!/usr/bin/env bash
# The end-to-end suites (npm run test:e2e), in lanes that run at once, each against a local control
# plane of its own (scripts/with-cluster.sh), so one lane's waits (kwok back-offs, yurt-manager's Job
# back-off) overlap the other's work:
#   v0.6.1 lane: the suites of the yurtctl generation (test/e2e/yurtctl; a cluster without yurt-manager's
#               webhooks), and two short ones
#   v1.7.0 lane: every other suite in test/e2e (so a new suite can never be left out)
#   nodes lane: the real-node suite, after the v0.6.1 lane, on a cluster of its own: one kwok cloud
#               node, two real nodes (scripts/node.sh) and a 30 s eviction window. Real nodes have a
#               network namespace each, so they never collide with another cluster's nodes.
# E2E_LANES=1 runs the lanes one after the other.
# Each line is prefixed with its lane; the last line is the total: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

shopt -s nullglob
lane1=(test/e2e/yurtctl/*.e2e.ts test/e2e/package.e2e.ts test/e2e/kubeconfigs.e2e.ts)
nodes=(test/e2e/realNode.e2e.ts)
all=(test/e2e/*.e2e.ts)
lane2=()
for f in "${all[@]}"; do
  [[ " ${lane1[*]} ${nodes[*]} " == *" $f "* ]] || lane2+=("$f")
done

bash scripts/toolchain.sh || exit 1   # once, before the lanes share the cache
logs=$(mktemp -d)
mocha=(npx mocha --no-config -r ts-node/register/transpile-only --timeout 600000 --reporter ./test/reporter.js)

lane() { # name files...
  local name=$1; shift
  bash scripts/with-cluster.sh "${mocha[@]}" "$@" > >(tee "$logs/$name.log" | sed -u "s/^/[$name] /") 2>&1
}

# The real-node lane's cluster; where the machine cannot run real nodes, its suite says why and skips.
nodes_lane() {
  if bash scripts/node.sh check >/dev/null 2>&1; then
    OPENYURT_LOCAL_NODES=node1 OPENYURT_REAL_NODES="edge-a edge-b" OPENYURT_UNREACHABLE_TOLERATION=30 lane nodes "${nodes[@]}"
  else
    echo "[nodes] $(bash scripts/node.sh check 2>&1 | paste -sd ' ')"
    OPENYURT_LOCAL_NODES=node1 lane nodes "${nodes[@]}"
  fi
}

if [ "${E2E_LANES:-2}" = 1 ]; then
  lane all "${lane1[@]}" "${lane2[@]}"; r1=$?
  nodes_lane; r2=$?
  rcs=$(( r1 || r2 ))
else
  { lane lane1 "${lane1[@]}"; r=$?; nodes_lane; exit $(( r || $? )); } & a=$!
  lane lane2 "${lane2[@]}" & b=$!
  wait $a; ra=$?
  wait $b; rb=$?
  rcs=$(( ra || rb ))
fi
sleep 1   # let the lanes' tee/sed flush
total() { grep -hE '^[0-9]+ passed, [0-9]+ failed' "$logs"/*.log | awk -v f="$1" '{ n = split($0, w, /[ ,]+/); for (i = 1; i < n; i++) if (w[i+1] == f) s += w[i] } END { print s + 0 }'; }
passed=$(total passed); failed=$(total failed); skipped=$(total skipped)
lanes=$(ls "$logs" | wc -l); summaries=$(cat "$logs"/*.log | grep -cE '^[0-9]+ passed, [0-9]+ failed')
# A lane that died before its summary counts as a failure.
if [ "$rcs" -ne 0 ] || [ "$summaries" -ne "$lanes" ]; then [ "$failed" -eq 0 ] && failed=1; rcs=1; fi
rm -rf "$logs"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rcs"
