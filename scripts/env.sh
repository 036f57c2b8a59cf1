# Source me:  source scripts/env.sh
# Puts the toolchain built by scripts/toolchain.sh on PATH and makes the Pulumi engine work offline.
# The kubernetes provider and the dynamic-provider shim are found as *ambient* plugins on PATH
# (pulumi-resource-kubernetes, pulumi-resource-pulumi-nodejs); nothing is downloaded.
export OPENYURT_CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
case ":$PATH:" in
  *":$OPENYURT_CACHE/bin:"*) ;;
  *) export PATH="$OPENYURT_CACHE/bin:$PATH" ;;
esac
export PULUMI_HOME="${PULUMI_HOME:-$OPENYURT_CACHE/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Admin kubeconfig of the local control plane (scripts/cluster.sh up); exists only while it is up.
export OPENYURT_KUBECONFIG="$OPENYURT_CACHE/cluster/kubeconfig"
mkdir -p "$PULUMI_HOME"
