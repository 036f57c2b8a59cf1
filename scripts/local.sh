#!/usr/bin/env bash
# The main job on the local default: a local control plane with simulated nodes and one real node,
# converted to an OpenYurt edge cluster by `pulumi up` on the `local` stack (stacks/Pulumi.local.yaml).
#
#   npm run local                  build the toolchain if needed, start the cluster, pulumi up, show the nodes
#   npm run local -- preview       the same, but only preview
#   npm run local -- autonomy-demo after `npm run local`: OpenYurt's autonomy walkthrough on the real node
#                                  (a busybox top pod; the node loses the cloud; kubelet restarted; the
#                                  node rebooted; the link back), printing each step and what the cluster shows
#   npm run local -- down          pulumi destroy (reverts every node), then stop the cluster
#
# The real node (`real1`, scripts/node.sh) needs root and systemd-nspawn; where the machine has neither,
# the job says so and goes on with the kwok nodes. OPENYURT_REAL_NODES="" leaves it out too.
#
# State: a file backend inside the cluster's folder, so stopping the cluster also forgets the state.
# Secrets use the passphrase in $PULUMI_CONFIG_PASSPHRASE (default "local" for this throwaway stack).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
action="${1:-up}"

say() { printf '\n[local] %s\n' "$*" >&2; }

[ -d node_modules/@pulumi/pulumi ] || { say "installing npm packages (npm ci)"; npm ci --ignore-scripts --no-audit --no-fund; }
# The yurtctl bin starts from the compiled code when it is up to date (cli/launch.js), 0.07 s instead of
# 0.5 s through ts-node: compile once here, and again only after an edit.
node -e 'process.exit(require("./cli/launch.js").staleReason(process.cwd()) ? 1 : 0)' \
  || { say "compiling to bin/ (npm run build), so that npx yurtctl starts compiled"; npm run -s build; }
bash scripts/toolchain.sh
# shellcheck source=/dev/null
source scripts/env.sh

export KUBECONFIG="$OPENYURT_KUBECONFIG"
export PULUMI_BACKEND_URL="file://$OPENYURT_CACHE/cluster/pulumi-state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-local}"
export PULUMI_NODEJS_TRANSPILE_ONLY=true
# Pods leave a node that lost the cloud after 30 s instead of Kubernetes' 5 minutes, so the demo shows
# an autonomous node's pod staying where a plain node's would have gone.
export OPENYURT_UNREACHABLE_TOLERATION="${OPENYURT_UNREACHABLE_TOLERATION:-30}"
if [ -z "${OPENYURT_REAL_NODES+set}" ]; then
  if why=$(bash scripts/node.sh check 2>&1); then
    export OPENYURT_REAL_NODES=real1
  else
    export OPENYURT_REAL_NODES=""
    say "no real node on this machine, the kwok nodes only: $(echo "$why" | paste -sd ' ')"
  fi
fi
DEMO_NODE="${OPENYURT_REAL_NODES%% *}"

show_nodes() {
  say "nodes (pool = apps.openyurt.io/nodepool, edge = openyurt.io/is-edge-worker set by yurt-manager, conversion = its YurtNodeConversionFailed reason)"
  kubectl get nodes -o custom-columns='NODE:.metadata.name,POOL:.metadata.labels.apps\.openyurt\.io/nodepool,EDGE:.metadata.labels.openyurt\.io/is-edge-worker,CONVERSION:.status.conditions[?(@.type=="YurtNodeConversionFailed")].reason,AUTONOMY:.metadata.annotations.node\.openyurt\.io/autonomy-duration,READY:.status.conditions[?(@.type=="Ready")].status'
  say "NodePools"
  kubectl get nodepools.apps.openyurt.io 2>/dev/null || true
  say "yurt-manager's conversion Jobs"
  kubectl -n kube-system get jobs -l openyurt.io/conversion-node 2>/dev/null || true
}

case "$action" in
  up|preview)
    bash scripts/cluster.sh up
    mkdir -p "$OPENYURT_CACHE/cluster/pulumi-state"
    pulumi stack select --create local --non-interactive >/dev/null
    if [ "$action" = preview ]; then
      pulumi preview --stack local --non-interactive
    else
      pulumi up --yes --stack local --non-interactive
      show_nodes
    fi
    ;;
  down)
    if [ -f "$KUBECONFIG" ] && bash scripts/cluster.sh status >/dev/null 2>&1; then
      say "pulumi destroy: reverting every node"
      pulumi destroy --yes --stack local --non-interactive || { say "destroy failed; the cluster is kept for debugging"; exit 1; }
    fi
    bash scripts/cluster.sh down
    ;;
  status)
    show_nodes
    ;;
  autonomy-demo)
    [ -n "$DEMO_NODE" ] || { say "the autonomy demo needs a real node, and this machine cannot run one"; exit 1; }
    bash scripts/cluster.sh status >/dev/null 2>&1 || { say "run \`npm run local\` first"; exit 1; }
    bash scripts/autonomy-demo.sh "$DEMO_NODE"
    ;;
  *)
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
