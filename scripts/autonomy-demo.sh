#!/usr/bin/env bash
# OpenYurt's autonomy walkthrough (the announcement of yurtctl) on a real node of the local cluster,
# after `npm run local` converted it and marked it autonomous: a busybox top pod on the node; the
# node loses its link to the API server; the node turns NotReady and, past the eviction window, the pod
# is still bound and its container running; kubelet restarted while offline brings a stopped container
# back from yurt-hub's cache; the node rebooted while offline starts yurt-hub and the pod again; the
# link comes back and the node is Ready with the same pod. Each step prints what it does and what the
# cluster shows. Started by `npm run local -- autonomy-demo`, which sets up the environment.
#
#   bash scripts/autonomy-demo.sh NODE
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
node=${1:?usage: autonomy-demo.sh NODE}
pod=demo-top
step=0

step() { step=$((step + 1)); printf '\n\033[1m[demo %d] %s\033[0m\n' "$step" "$*"; }
show() { printf '  $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }
on_node() { bash scripts/node.sh exec "$node" "$@"; }
wait_until() { # seconds what command...
  local t=$1 what=$2 i; shift 2
  for ((i = 0; i < t; i += 5)); do "$@" >/dev/null 2>&1 && { echo "  ($what after ${i}s)"; return 0; }; sleep 5; done
  echo "  $what: not seen within ${t}s" >&2; return 1
}
running_top() { [ -n "$(on_node crictl ps --name top --state running -q)" ]; }
cleanup() { bash scripts/node.sh link-up "$node" >/dev/null 2>&1 || true; }
trap cleanup EXIT

[ "$(kubectl get node "$node" -o 'jsonpath={.metadata.labels.openyurt\.io/is-edge-worker}')" = true ] \
  || { echo "node $node is not converted yet: run \`npm run local\` first" >&2; exit 1; }

step "node $node is an edge node, converted by yurt-manager and marked autonomous"
show kubectl get node "$node" -L apps.openyurt.io/nodepool,openyurt.io/is-edge-worker
show kubectl get node "$node" -o 'jsonpath={.metadata.annotations.node\.openyurt\.io/autonomy-duration}{"  (node.openyurt.io/autonomy-duration: 0 = never evicted)\n"}'
show on_node systemctl is-active yurthub
show on_node systemctl is-enabled yurthub

step "a busybox top pod on $node"
kubectl delete pod "$pod" --ignore-not-found --wait=true >/dev/null
kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $pod}
spec:
  nodeName: $node
  terminationGracePeriodSeconds: 1
  containers: [{name: top, image: localhost/busybox:1.35.0, imagePullPolicy: Never, command: [top, -b, -d, "10"]}]
EOF
kubectl wait --for=condition=Ready "pod/$pod" --timeout=120s >/dev/null
show kubectl get pod "$pod" -o wide
sleep 3
show kubectl get pod "$pod" -o 'jsonpath={range .spec.tolerations[*]}{.key}{" "}{.effect}{" tolerationSeconds="}{.tolerationSeconds}{"\n"}{end}'
uid=$(kubectl get pod "$pod" -o 'jsonpath={.metadata.uid}')

step "cut $node's link to the API server (the node loses the cloud)"
show bash scripts/node.sh link-down "$node"
wait_until 180 "node NotReady" bash -c "[ \"\$(kubectl get node $node -o 'jsonpath={.status.conditions[?(@.type==\"Ready\")].status}')\" != True ]"
show kubectl get node "$node"
echo "  waiting out the eviction window (kube-apiserver --default-unreachable-toleration-seconds=${OPENYURT_UNREACHABLE_TOLERATION:-300}) …"
sleep $(( ${OPENYURT_UNREACHABLE_TOLERATION:-300} + 20 ))
show kubectl get pod "$pod" -o wide
show on_node crictl ps --name top

step "stop kubelet on $node while it is offline, stop the top container, start kubelet again"
cid=$(on_node crictl ps --name top -q | head -n1)
show on_node systemctl stop kubelet
show on_node crictl stop "$cid"
show on_node crictl ps --name top
show on_node systemctl start kubelet
wait_until 180 "a new top container running, from yurt-hub's cache" running_top
show on_node crictl ps --name top

step "reboot $node while it is offline"
show bash scripts/node.sh reboot "$node"
wait_until 120 "yurt-hub started at boot" on_node systemctl is-active yurthub
wait_until 180 "the top container running again" running_top
show on_node crictl ps --name top
show kubectl get node "$node"

step "the link comes back"
show bash scripts/node.sh link-up "$node"
wait_until 180 "node Ready" bash -c "[ \"\$(kubectl get node $node -o 'jsonpath={.status.conditions[?(@.type==\"Ready\")].status}')\" = True ]"
show kubectl get node "$node"
show kubectl get pod "$pod" -o wide
[ "$(kubectl get pod "$pod" -o 'jsonpath={.metadata.uid}')" = "$uid" ] && echo "  the same pod (uid $uid): nothing was recreated"
kubectl delete pod "$pod" --wait=false >/dev/null
printf '\n[demo] done; `npm run local -- down` reverts every node and stops the cluster\n'
