#!/usr/bin/env bash
# Checks the behaviour the project's tests rely on, against a running `scripts/cluster.sh up`:
#   servant-style Job Completes; after fail-servant it Fails (exit code 1, injected message) while other
#   nodes are unaffected; after heal-servant a new Job Completes; a Deployment with required node
#   affinity on openyurt.io/is-edge-worker=false lands on the labelled node and becomes Available;
#   the node-controller ClusterRoleBinding exists and the node-lifecycle controller runs under its SA.
# Usage: bash scripts/cluster-selftest.sh     (creates and deletes namespace openyurt-selftest)
set -uo pipefail
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
KC="$CACHE/cluster/kubeconfig"
k() { "$CACHE/bin/kubectl" --kubeconfig "$KC" "$@"; }
cluster() { bash "$SCRIPTS_DIR/cluster.sh" "$@"; }
NS=openyurt-selftest
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }

[ -f "$KC" ] && k get --raw /readyz >/dev/null 2>&1 || { echo "cluster is not up (bash scripts/cluster.sh up)"; exit 1; }
k delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
k create namespace "$NS" >/dev/null
for i in $(seq 1 50); do k -n "$NS" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done

servant_job() { # name node
  k -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: $1}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {app.kubernetes.io/name: node-servant}}
    spec:
      restartPolicy: Never
      nodeName: $2
      hostPID: true
      hostNetwork: true
      containers:
      - name: servant
        image: openyurt/node-servant:selftest
        command: ["/bin/sh", "-c", "true"]
        securityContext: {privileged: true}
        volumeMounts: [{name: host-root, mountPath: /openyurt}]
      volumes: [{name: host-root, hostPath: {path: /}}]
EOF
}
job_is() { k -n "$NS" wait --for=condition="$2" "job/$1" --timeout=60s >/dev/null 2>&1; }

servant_job ok-before node3
job_is ok-before Complete && ok "servant Job on node3 Completes" || bad "servant Job on node3 did not Complete"

cluster fail-servant node3 2>/dev/null
servant_job failed node3
servant_job other-node node2
if job_is failed Failed; then
  term=$(k -n "$NS" get pods -l job-name=failed -o jsonpath='{.items[0].status.phase} {.items[0].status.containerStatuses[0].state.terminated.exitCode} {.items[0].status.containerStatuses[0].state.terminated.message}')
  case "$term" in
    "Failed 1 "*InjectedFailure*) ok "after fail-servant node3 the Job Fails ($term)" ;;
    *) bad "failed pod status unexpected: $term" ;;
  esac
else
  bad "after fail-servant node3 the Job did not Fail"
fi
job_is other-node Complete && ok "servant Job on node2 unaffected" || bad "servant Job on node2 did not Complete"

cluster heal-servant node3 2>/dev/null
servant_job ok-after node3
job_is ok-after Complete && ok "after heal-servant node3 a new Job Completes" || bad "after heal the Job did not Complete"

cluster add-node selftest-cloud --labels openyurt.io/is-edge-worker=false 2>/dev/null
k -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: cloud-only}
spec:
  replicas: 2
  selector: {matchLabels: {app: cloud-only}}
  template:
    metadata: {labels: {app: cloud-only}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: openyurt.io/is-edge-worker, operator: In, values: ["false"]}
      containers:
      - {name: app, image: openyurt/yurt-manager:selftest}
EOF
if k -n "$NS" wait --for=condition=Available deploy/cloud-only --timeout=60s >/dev/null 2>&1; then
  nodes=$(k -n "$NS" get pods -l app=cloud-only -o jsonpath='{range .items[*]}{.spec.nodeName}{" "}{end}')
  [ "$nodes" = "selftest-cloud selftest-cloud " ] && ok "affinity Deployment Available on the labelled node" \
    || bad "affinity Deployment pods on unexpected nodes: $nodes"
else
  bad "affinity Deployment not Available"
fi

k get clusterrolebinding system:controller:node-controller >/dev/null 2>&1 \
  && ok "ClusterRoleBinding system:controller:node-controller exists" || bad "node-controller binding missing"
k -n kube-system get serviceaccount node-controller >/dev/null 2>&1 \
  && ok "kube-controller-manager runs controllers under their service accounts (kube-system/node-controller)" \
  || bad "ServiceAccount kube-system/node-controller missing (use-service-account-credentials?)"

k delete namespace "$NS" --wait=false >/dev/null 2>&1
cluster remove-node selftest-cloud 2>/dev/null
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
