#!/usr/bin/env bash
# Checks the behaviour the project's tests rely on, against a running `scripts/cluster.sh up`:
#   servant-style Job Completes; after fail-servant it Fails (exit code 1, injected message) while other
#   nodes are unaffected; after heal-servant a new Job Completes; a Deployment with required node
#   affinity on openyurt.io/is-edge-worker=false lands on the labelled node and becomes Available;
#   the node-controller ClusterRoleBinding exists and the node-lifecycle controller runs under its SA.
#   Then, when $OPENYURT_CACHE/bin/yurt-manager and the OpenYurt source exist, the real yurt-manager v1.7
#   under the cluster's supervisor: label-driven convert and revert, its webhooks, restart on changed
#   args, fail-servant on its Job pods, retry after the failed Job is deleted, stop when its objects go
#   (~2 min, most of it the job controller's back-off before a Job with backoffLimit 3 fails).
# Usage: bash scripts/cluster-selftest.sh     (creates and deletes namespace openyurt-selftest, node
#   selftest-edge, NodePool selftest-pool, the yurt-manager chart's CRDs and generated objects)
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

# ---- yurt-manager v1.7 under the supervisor (skipped when the binary or the OpenYurt source is absent)
# Installs what the component's chart would (CRDs and the chart's generated file from the OpenYurt
# source, read in place; a Deployment with the chart's default args written here), converts and reverts
# an own node, checks the webhooks, the supervisor's restart on changed args, failure injection, and
# that removing the Deployment + webhook configurations stops yurt-manager. Removes all of it again.
source "$SCRIPTS_DIR/versions.env"
YM_SRC="${OPENYURT_SOURCE:-$SCRIPTS_DIR/../../shared/third_party/openyurt-v$OPENYURT_VERSION}"
YM_CHART="$YM_SRC/charts/yurt-manager"
YM_STATE="$CACHE/cluster/yurt-manager.state"
EDGE=selftest-edge POOL=selftest-pool POOL2=selftest-pool-2
ym_state() { sed -n "s/^$1=//p" "$YM_STATE" 2>/dev/null | tail -n 1; }
until_true() { # timeout-seconds command...: polls every 0.5 s
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -lt "$end" ] || return 1; sleep 0.5; done
}
established() { [ "$(k get "$1" -o 'jsonpath={.status.conditions[?(@.type=="Established")].status}')" = True ]; }
ym_generated() { sed 's/{{ .Release.Namespace }}/kube-system/g' "$YM_CHART/templates/yurt-manager-auto-generated.yaml"; }
ym_deployment() { # extra args...
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: yurt-manager, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: yurt-manager}}
  template:
    metadata: {labels: {app.kubernetes.io/name: yurt-manager}}
    spec:
      containers:
      - name: yurt-manager
        image: openyurt/yurt-manager:v$OPENYURT_VERSION
        command: [/usr/local/bin/yurt-manager]
        args:
        - --metrics-addr=:10271
        - --health-probe-addr=:10272
        - --webhook-port=10273
        - --v=2
        - --working-namespace=kube-system
        - --leader-elect-resource-name=cloud-yurt-manager
        - --controllers=-nodelifecycle,*
        - --node-servant-image=openyurt/node-servant:v$OPENYURT_VERSION
$(for a in "$@"; do echo "        - $a"; done)
EOF
}
cond_of() { k get node "$1" -o jsonpath='{range .status.conditions[?(@.type=="YurtNodeConversionFailed")]}{.status}/{.reason}{end}'; }
cond_is() { [ "$(cond_of "$1")" = "$2" ]; }
edge_label() { k get node "$1" -o jsonpath='{.metadata.labels.openyurt\.io/is-edge-worker}'; }
ym_pid() { [ -f "$CACHE/cluster/pids/yurt-manager.pid" ] && cat "$CACHE/cluster/pids/yurt-manager.pid"; }
ym_up() { local p; p=$(ym_pid) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
ym_ready() { ym_up && [ "$(ym_state ready)" = yes ]; }

if [ ! -x "$CACHE/bin/yurt-manager" ] || [ ! -f "$YM_CHART/templates/yurt-manager-auto-generated.yaml" ]; then
  echo "skip - yurt-manager v1.7 checks ($CACHE/bin/yurt-manager or $YM_CHART missing)"
elif k -n kube-system get deployment yurt-manager >/dev/null 2>&1; then
  echo "skip - yurt-manager v1.7 checks (Deployment kube-system/yurt-manager exists already: a stack is up?)"
elif ! kill -0 "$(cat "$CACHE/cluster/pids/yurt-manager-supervisor.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
  bad "yurt-manager supervisor not running (cluster.sh status)"
else
  t0=$(date +%s)
  k apply --server-side -f "$YM_CHART/crds/" >/dev/null
  # polled: `kubectl wait` fails on a CRD whose status.conditions is still null (just created)
  until_true 30 established crd/nodepools.apps.openyurt.io || bad "NodePool CRD not Established in 30s"
  ym_generated | k apply -f - >/dev/null
  ym_deployment | k apply -f - >/dev/null
  if until_true 90 ym_ready; then
    ok "supervisor runs the real yurt-manager with the Deployment's args: started $(( $(ym_state started) - t0 ))s after the objects were applied, ready $(( $(date +%s) - $(ym_state started) ))s later"
  else
    bad "yurt-manager not ready within 90 s ($(cluster yurt-manager-status 2>&1 | tail -n 5 | tr '\n' ' '))"
  fi
  url=$(k get validatingwebhookconfiguration yurt-manager-validating-webhook-configuration -o jsonpath='{.webhooks[0].clientConfig.url}')
  wport=$(ym_state webhook)
  case "$url" in "https://$wport/"*) ok "webhook clientConfigs point at yurt-manager on $wport" ;; *) bad "webhook url: $url (expected https://$wport/...)" ;; esac
  if command -v ss >/dev/null; then
    listen=$(ss -Hltnp 2>/dev/null | grep "pid=$(ym_pid)," | awk '{print $4}' | sort | tr '\n' ' ')
    case "$listen" in *0.0.0.0*|*"[::]"*|*"*:"*|"") bad "yurt-manager listens on: '$listen'" ;; *) ok "yurt-manager listens on 127.0.0.1 only ($listen)" ;; esac
  fi

  cluster add-node "$EDGE" 2>/dev/null
  for p in "$POOL" "$POOL2"; do
    printf 'apiVersion: apps.openyurt.io/v1beta2\nkind: NodePool\nmetadata: {name: %s}\nspec: {type: Edge}\n' "$p" \
      | k apply -f - >/dev/null
  done
  out=$(k label node "$EDGE" apps.openyurt.io/nodepool=selftest-missing-pool 2>&1) \
    && bad "pool label of a missing NodePool accepted" \
    || case "$out" in *'"selftest-missing-pool" not found'*) ok "webhook refuses the pool label of a NodePool that does not exist" ;; *) bad "unexpected: $out" ;; esac
  k label node "$EDGE" "apps.openyurt.io/nodepool=$POOL" >/dev/null
  if until_true 60 cond_is "$EDGE" False/Converted && [ "$(edge_label "$EDGE")" = true ]; then
    ok "pool label -> Job node-servant-conversion-$EDGE Complete, is-edge-worker=true, condition Converted"
  else
    bad "conversion of $EDGE: condition '$(cond_of "$EDGE")', is-edge-worker '$(edge_label "$EDGE")'"
  fi
  out=$(k label node "$EDGE" openyurt.io/is-edge-worker=false --overwrite 2>&1) \
    && bad "admin write of openyurt.io/is-edge-worker accepted" \
    || case "$out" in *"can only be modified by YurtNodeConversionController"*) ok "webhook refuses an admin write of openyurt.io/is-edge-worker" ;; *) bad "unexpected: $out" ;; esac
  out=$(k label node "$EDGE" "apps.openyurt.io/nodepool=$POOL2" --overwrite 2>&1) \
    && bad "in-place nodepool label change accepted" \
    || case "$out" in *"can only be added or removed"*) ok "webhook refuses an in-place change of apps.openyurt.io/nodepool" ;; *) bad "unexpected: $out" ;; esac
  out=$(k delete nodepool "$POOL" --wait=false 2>&1) \
    && bad "deleting a pool with a member node accepted" \
    || case "$out" in *"cannot remove nonempty pool"*) ok "webhook refuses deleting a NodePool that still has nodes" ;; *) bad "unexpected: $out" ;; esac

  k label node "$EDGE" apps.openyurt.io/nodepool- >/dev/null
  if until_true 60 cond_is "$EDGE" False/Reverted && [ -z "$(edge_label "$EDGE")" ]; then
    ok "label removed -> revert Job, is-edge-worker gone, condition Reverted"
  else
    bad "revert of $EDGE: condition '$(cond_of "$EDGE")', is-edge-worker '$(edge_label "$EDGE")'"
  fi

  old=$(ym_pid)
  ym_deployment --concurrent-yurtnodeconversion-workers=2 | k apply -f - >/dev/null
  if until_true 60 bash -c "[ \"\$(cat '$CACHE/cluster/pids/yurt-manager.pid' 2>/dev/null)\" != '$old' ]" \
     && until_true 60 ym_ready && ym_state cmd | grep -q -- '--concurrent-yurtnodeconversion-workers=2'; then
    ok "changed Deployment args restart yurt-manager with them"
  else
    bad "args change not picked up: $(ym_state cmd)"
  fi

  cluster fail-servant "$EDGE" 2>/dev/null
  k label node "$EDGE" "apps.openyurt.io/nodepool=$POOL" >/dev/null
  # backoffLimit 3: four failed pods, with the job controller's 10/20/40 s back-off between them
  if until_true 150 cond_is "$EDGE" True/ConvertFailed; then
    msg=$(k get node "$EDGE" -o jsonpath='{.status.conditions[?(@.type=="YurtNodeConversionFailed")].message}')
    term=$(k -n kube-system get pods -l "openyurt.io/conversion-node=$EDGE" -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.message}')
    case "$term" in *InjectedFailure*) ok "fail-servant: condition ConvertFailed ('$msg'), pods end with '$term'" ;; *) bad "failed pod message: $term" ;; esac
  else
    bad "fail-servant: condition '$(cond_of "$EDGE")' after 150 s"
  fi
  cluster heal-servant "$EDGE" 2>/dev/null
  k -n kube-system delete job "node-servant-conversion-$EDGE" --wait=true >/dev/null
  if until_true 60 cond_is "$EDGE" False/Converted && [ "$(edge_label "$EDGE")" = true ]; then
    ok "after heal-servant, deleting the failed Job makes yurt-manager retry and convert"
  else
    bad "no retry after deleting the failed Job: condition '$(cond_of "$EDGE")'"
  fi

  k -n kube-system delete deployment yurt-manager --wait=false >/dev/null
  k delete validatingwebhookconfiguration/yurt-manager-validating-webhook-configuration \
    mutatingwebhookconfiguration/yurt-manager-mutating-webhook-configuration >/dev/null
  if until_true 20 bash -c "! kill -0 $(ym_pid || echo 0) 2>/dev/null"; then
    ok "Deployment + webhook configurations deleted -> supervisor stops yurt-manager"
  else
    bad "yurt-manager still running after its objects were deleted"
  fi

  # clean up: own node (with its condition), pools, Jobs, the chart's objects and CRDs, and what
  # yurt-manager's controllers created (raven's ConfigMap, hubleaderrbac's ClusterRole)
  k -n kube-system delete configmap edge-tunnel-nodes --ignore-not-found >/dev/null
  k delete clusterrole yurt-hub-multiplexer --ignore-not-found >/dev/null
  cluster remove-node "$EDGE" 2>/dev/null
  k -n kube-system delete job -l openyurt.io/conversion-node --ignore-not-found >/dev/null
  k delete nodepool --all --ignore-not-found >/dev/null 2>&1
  ym_generated | k delete --ignore-not-found -f - >/dev/null 2>&1
  k delete --ignore-not-found -f "$YM_CHART/crds/" >/dev/null 2>&1
  echo "     (yurt-manager checks took $(( $(date +%s) - t0 ))s)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
