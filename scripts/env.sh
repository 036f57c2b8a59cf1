# Source me:  source scripts/env.sh
# Puts the toolchain built by scripts/toolchain.sh on PATH and makes the Pulumi engine work offline.
# Plugins: the kubernetes provider is registered (exact version 4.25.0) in $PULUMI_HOME by
# toolchain.sh, and ambient plugins on PATH are ignored, so the engine does not print "using
# pulumi-resource-kubernetes from $PATH" warnings. The language host and the dynamic-provider shim
# (pulumi-resource-pulumi-nodejs) sit next to the pulumi binary, where the engine looks first.
# Nothing is ever downloaded.
export OPENYURT_CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
case ":$PATH:" in
  *":$OPENYURT_CACHE/bin:"*) ;;
  *) export PATH="$OPENYURT_CACHE/bin:$PATH" ;;
esac
export PULUMI_HOME="$OPENYURT_CACHE/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
# Admin kubeconfig of the local control plane (scripts/cluster.sh up); exists only while it is up.
export OPENYURT_KUBECONFIG="$OPENYURT_CACHE/cluster/kubeconfig"
mkdir -p "$PULUMI_HOME"
