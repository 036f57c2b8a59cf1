#!/usr/bin/env bash
# Builds the offline toolchain of pulumi-openyurt from Go modules into a cache outside the repo:
#   pulumi, pulumi-language-nodejs, pulumi-resource-kubernetes, pulumi-resource-pulumi-nodejs,
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, yurt-manager, versitygw
# and, for real nodes (scripts/node.sh): kubelet, crictl, node-servant (yurt-node-servant + yurthub),
# node-rootfs (a Debian bookworm root from Debian's packages) and node-images (image archives).
# Only the Go module proxy is needed (no GitHub, no get.pulumi.com). Pinned versions: scripts/versions.env.
# yurt-manager is built from the OpenYurt source beside the repo (../shared/third_party/openyurt-v<ver>,
# override with OPENYURT_SOURCE), since the Go proxy does not serve that module; its dependencies
# come from the proxy.
#
# Usage: bash scripts/toolchain.sh [PIECE...]      (no PIECE: everything)
#   OPENYURT_CACHE   cache root (default ~/.cache/pulumi-openyurt); binaries go to $OPENYURT_CACHE/bin
#   OPENYURT_GOMODCACHE / OPENYURT_GOCACHE   Go module/build caches (default under the cache root)
#   OPENYURT_GO_PARALLEL   go build -p (default 2)
# A piece whose stamp matches its recipe is skipped; delete $OPENYURT_CACHE/stamps/<piece> to force it.
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$SCRIPTS_DIR/versions.env"

CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
BIN="$CACHE/bin"
BUILD="$CACHE/build"
STAMPS="$CACHE/stamps"
LOGS="$CACHE/logs/toolchain"
mkdir -p "$BIN" "$BUILD" "$STAMPS" "$LOGS"

export GOMODCACHE="${OPENYURT_GOMODCACHE:-$CACHE/gomod}"
export GOCACHE="${OPENYURT_GOCACHE:-$CACHE/gocache}"
# Builds never resolve anything new: wrapper modules are pinned (go.mod + go.sum) when prepared.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
export GOWORK=off
GOPAR="${OPENYURT_GO_PARALLEL:-2}"

ALL_PIECES=(pulumi-language-nodejs pulumi pulumi-resource-kubernetes pulumi-resource-pulumi-nodejs
  etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok yurt-manager versitygw
  node-rootfs kubelet crictl node-servant node-images)
# The real-node pieces need root and Debian's debootstrap; elsewhere they are left out, and the tests
# that need a real node say so and run on kwok nodes only (scripts/node.sh check says why).
REAL_NODE_PIECES=" node-rootfs kubelet crictl node-servant node-images "
NODE_ROOTFS="$CACHE/node/rootfs"
NODE_IMAGES="$CACHE/share/node-images"

T0=$(date +%s)
log() { printf '[toolchain] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"; }
need go "Go >= $GO_MIN_VERSION is required"
need node "Node.js is required for the kubernetes schema step and at run time"
gov=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "$gov" | sort -V | head -1)" != "$GO_MIN_VERSION" ]; then
  die "Go $gov is older than $GO_MIN_VERSION (GOTOOLCHAIN=local: no toolchain download)"
fi

# ---------------------------------------------------------------------------------------------
# recipes: the stamp of a piece is this text; any change of it rebuilds the piece.
langhost_sum() { sha256sum "$SCRIPTS_DIR/langhost/main.go" | cut -c1-16; }
recipe() {
  case "$1" in
    pulumi-language-nodejs) echo "own-langhost $(langhost_sum) sdk v$PULUMI_VERSION go$gov" ;;
    pulumi) echo "pulumi v$PULUMI_VERSION tags=$PULUMI_BUILD_TAGS go$gov" ;;
    pulumi-resource-kubernetes) echo "kubernetes $K8S_PROVIDER_VERSION $K8S_PROVIDER_MODULE_VERSION sdk=$K8S_PROVIDER_GO_SDK_VERSION pulumi=v$PULUMI_VERSION go$gov" ;;
    pulumi-resource-pulumi-nodejs) echo "dynamic-provider-shim v3" ;;
    etcd) echo "etcd v$ETCD_VERSION k8s v$KUBERNETES_VERSION go$gov" ;;
    kube-*) echo "$1 v$KUBERNETES_VERSION staging v$KUBERNETES_STAGING_VERSION etcd v$ETCD_VERSION go$gov" ;;
    kubectl) echo "kubectl v$KUBERNETES_VERSION staging v$KUBERNETES_STAGING_VERSION etcd v$ETCD_VERSION go$gov" ;;
    kwok) echo "kwok v$KWOK_VERSION stages-v2 go$gov" ;;
    yurt-manager) echo "yurt-manager v$OPENYURT_VERSION src=$(openyurt_src_sum) patch=webhook-host-loopback-v1 go$gov" ;;
    versitygw) echo "versitygw v$VERSITYGW_VERSION go$gov" ;;
    kubelet) echo "kubelet v$KUBERNETES_VERSION staging v$KUBERNETES_STAGING_VERSION go$gov" ;;
    crictl) echo "crictl v$CRI_TOOLS_VERSION go$gov" ;;
    node-servant) echo "node-servant+yurthub v$OPENYURT_VERSION src=$(openyurt_src_sum) go$gov" ;;
    node-rootfs) echo "debian $NODE_DEBIAN_SUITE packages=$NODE_DEBIAN_PACKAGES" ;;
    node-images) echo "images v2 $(sha256sum "$SCRIPTS_DIR/node-images.sh" | cut -c1-16) servant=$(recipe node-servant)" ;;
    *) die "unknown piece '$1' (known: ${ALL_PIECES[*]})" ;;
  esac
}
# The OpenYurt source tree (read-only; copied before building, as -mod=mod rewrites go.mod/go.sum).
OPENYURT_SRC="${OPENYURT_SOURCE:-$SCRIPTS_DIR/../../shared/third_party/openyurt-v$OPENYURT_VERSION}"
openyurt_src_sum() {
  [ -f "$OPENYURT_SRC/go.mod" ] || { echo "missing"; return 0; }
  (cd "$OPENYURT_SRC" && sha256sum go.mod go.sum | sha256sum | cut -c1-16)
}
# What a piece leaves behind (a binary in $BIN for most).
output_of() {
  case "$1" in
    node-rootfs) echo "$NODE_ROOTFS/usr/bin/containerd" ;;
    node-images) echo "$NODE_IMAGES/node-servant.tar" ;;
    *) echo "$BIN/$1" ;;
  esac
}
is_fresh() { [ -e "$(output_of "$1")" ] && [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$(recipe "$1")" ]; }

# ---------------------------------------------------------------------------------------------
# Wrapper module 1: the Pulumi CLI and our language host share one module graph (pulumi pkg/sdk,
# grpc and protobuf are compiled once for both).
PULUMI_MOD="$BUILD/pulumi"
pulumi_module_ready=""
prepare_pulumi_module() {
  [ -n "$pulumi_module_ready" ] && return 0
  local key="v$PULUMI_VERSION $(langhost_sum) go$gov"
  mkdir -p "$PULUMI_MOD/cmd/pulumi-language-nodejs"
  cp "$SCRIPTS_DIR/langhost/main.go" "$PULUMI_MOD/cmd/pulumi-language-nodejs/main.go"
  if [ "$(cat "$PULUMI_MOD/.key" 2>/dev/null)" != "$key" ]; then
    log "  preparing wrapper module $PULUMI_MOD"
    cat > "$PULUMI_MOD/go.mod" <<EOF
module local/pulumi-openyurt-tools

go $GO_MIN_VERSION

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)

replace $PULUMI_CLIPBOARD_REPLACE
EOF
    rm -f "$PULUMI_MOD/go.sum"
    # `-tool` keeps the CLI's own dependencies pinned through `go mod tidy`.
    (cd "$PULUMI_MOD" && GOFLAGS="$GOFLAGS -mod=mod" go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" \
      && GOFLAGS="$GOFLAGS -mod=mod" go mod tidy)
    echo "$key" > "$PULUMI_MOD/.key"
  fi
  pulumi_module_ready=1
}

# Wrapper module 2: the kubernetes provider, with the pulumi pkg/sdk versions it was released with.
# It cannot share module 1's graph: its pkg/gen does not compile against pkg v3.248 (codegen/schema
# changed), so pulumi pkg/sdk are compiled a second time, at v3.215.
K8SP_MOD="$BUILD/kubernetes-provider"
prepare_k8s_provider_module() {
  local key="$K8S_PROVIDER_MODULE_VERSION $K8S_PROVIDER_VERSION $K8S_PROVIDER_GO_SDK_VERSION go$gov"
  mkdir -p "$K8SP_MOD/cmd/pulumi-resource-kubernetes"
  [ "$(cat "$K8SP_MOD/.key" 2>/dev/null)" = "$key" ] && return 0
  log "  preparing wrapper module $K8SP_MOD"
  cat > "$K8SP_MOD/go.mod" <<EOF
module local/pulumi-openyurt-kubernetes-provider

go $GO_MIN_VERSION

require github.com/pulumi/pulumi-kubernetes/provider/v4 $K8S_PROVIDER_MODULE_VERSION

replace github.com/pulumi/pulumi-kubernetes/sdk/v4 => github.com/pulumi/pulumi-kubernetes/sdk/v4 $K8S_PROVIDER_GO_SDK_VERSION
EOF
  rm -f "$K8SP_MOD/go.sum"
  (cd "$K8SP_MOD" && GOFLAGS="$GOFLAGS -mod=mod" go mod download "github.com/pulumi/pulumi-kubernetes/provider/v4")
  # The provider's main package is tiny and go:embeds two files that its module zip lacks (upstream
  # generates them with `go generate`): build it from a copy in the wrapper, next to generated files.
  local src="$GOMODCACHE/github.com/pulumi/pulumi-kubernetes/provider/v4@$K8S_PROVIDER_MODULE_VERSION/cmd/pulumi-resource-kubernetes"
  [ -f "$src/main.go" ] || die "kubernetes provider source not found at $src"
  install -m 0644 "$src/main.go" "$K8SP_MOD/cmd/pulumi-resource-kubernetes/main.go"
  # Same transformation as upstream generate.go: schema.json with "version" set; both files compacted.
  node -e '
    const fs = require("fs"); const [src, dst, ver] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
    schema.version = ver;
    fs.writeFileSync(dst + "/schema-embed.json", JSON.stringify(schema));
    const tf = JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"));
    fs.writeFileSync(dst + "/terraform-mapping-embed.json", JSON.stringify(tf));
  ' "$src" "$K8SP_MOD/cmd/pulumi-resource-kubernetes" "$K8S_PROVIDER_VERSION"
  (cd "$K8SP_MOD" && GOFLAGS="$GOFLAGS -mod=mod" go mod tidy)
  echo "$key" > "$K8SP_MOD/.key"
}

build_pulumi_language_nodejs() {
  prepare_pulumi_module
  (cd "$PULUMI_MOD" && go build -p "$GOPAR" -trimpath -tags "$PULUMI_BUILD_TAGS" \
    -ldflags "-s -w -X main.version=$PULUMI_VERSION" \
    -o "$BIN/pulumi-language-nodejs.new" ./cmd/pulumi-language-nodejs)
  mv -f "$BIN/pulumi-language-nodejs.new" "$BIN/pulumi-language-nodejs"
}

build_pulumi() {
  prepare_pulumi_module
  (cd "$PULUMI_MOD" && go build -p "$GOPAR" -trimpath -tags "$PULUMI_BUILD_TAGS" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$BIN/pulumi.new" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv -f "$BIN/pulumi.new" "$BIN/pulumi"
}

build_pulumi_resource_kubernetes() {
  prepare_k8s_provider_module
  (cd "$K8SP_MOD" && go build -p "$GOPAR" -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION" \
    -o "$BIN/pulumi-resource-kubernetes.new" ./cmd/pulumi-resource-kubernetes)
  mv -f "$BIN/pulumi-resource-kubernetes.new" "$BIN/pulumi-resource-kubernetes"
}

# The official CLI tarball ships this as a shell script; a build from Go modules does not produce it.
# The engine starts it (cwd = the program directory) for every pulumi.dynamic.Resource provider.
build_pulumi_resource_pulumi_nodejs() {
  cat > "$BIN/pulumi-resource-pulumi-nodejs.new" <<'EOF'
#!/bin/sh
# Dynamic-provider plugin for Node.js programs (written by pulumi-openyurt scripts/toolchain.sh).
# Runs @pulumi/pulumi/cmd/dynamic-provider from the node_modules seen from the current directory (the
# engine starts plugins in the program's directory; for Automation API inline programs that is the
# directory the calling process runs in). PULUMI_DYNAMIC_PROVIDER_SCRIPT overrides the lookup.
script="${PULUMI_DYNAMIC_PROVIDER_SCRIPT:-}"
if [ -z "$script" ]; then
  script=$(node -e 'try { console.log(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] })) } catch (e) { process.exit(1) }' 2>/dev/null) || {
    echo "pulumi-resource-pulumi-nodejs: cannot find @pulumi/pulumi/cmd/dynamic-provider from $(pwd); run from the project directory or set PULUMI_DYNAMIC_PROVIDER_SCRIPT" >&2
    exit 1
  }
fi
exec node "$script" "$@"
EOF
  chmod 0755 "$BIN/pulumi-resource-pulumi-nodejs.new"
  mv -f "$BIN/pulumi-resource-pulumi-nodejs.new" "$BIN/pulumi-resource-pulumi-nodejs"
}

# ---------------------------------------------------------------------------------------------
# Wrapper module 2: kube-apiserver, kube-controller-manager, kube-scheduler and etcd in one graph
# (Kubernetes itself requires etcd server v$ETCD_VERSION), each k8s.io staging module replaced by its
# published release, as `go install k8s.io/kubernetes/...@v` refuses a module with replace directives.
CP_MOD="$BUILD/controlplane"
cp_module_ready=""
prepare_cp_module() {
  [ -n "$cp_module_ready" ] && return 0
  local key="k8s v$KUBERNETES_VERSION staging v$KUBERNETES_STAGING_VERSION etcd v$ETCD_VERSION kubelet go$gov"
  mkdir -p "$CP_MOD"
  if [ "$(cat "$CP_MOD/.key" 2>/dev/null)" != "$key" ]; then
    log "  preparing wrapper module $CP_MOD"
    (cd "$CP_MOD" && printf 'module local/pulumi-openyurt-controlplane\n\ngo %s\n' "$GO_MIN_VERSION" > go.mod \
      && rm -f go.sum && GOFLAGS="$GOFLAGS -mod=mod" go mod download "k8s.io/kubernetes@v$KUBERNETES_VERSION")
    local kmod="$GOMODCACHE/k8s.io/kubernetes@v$KUBERNETES_VERSION/go.mod"
    [ -f "$kmod" ] || die "k8s.io/kubernetes go.mod not found at $kmod"
    {
      printf 'module local/pulumi-openyurt-controlplane\n\ngo %s\n\n' "$GO_MIN_VERSION"
      printf 'require (\n\tk8s.io/kubernetes v%s\n\tgo.etcd.io/etcd/server/v3 v%s\n)\n\nreplace (\n' \
        "$KUBERNETES_VERSION" "$ETCD_VERSION"
      # derive the staging list from Kubernetes' own go.mod: `k8s.io/x => ./staging/src/k8s.io/x`
      awk -v v="v$KUBERNETES_STAGING_VERSION" '$2 == "=>" && $3 ~ /^\.\/staging\// { print "\t" $1 " => " $1 " " v }' "$kmod"
      printf ')\n'
    } > "$CP_MOD/go.mod"
    grep -q 'k8s.io/client-go => ' "$CP_MOD/go.mod" || die "could not derive the staging replaces from $kmod"
    (cd "$CP_MOD" && GOFLAGS="$GOFLAGS -mod=mod" go get -tool \
        "k8s.io/kubernetes/cmd/kube-apiserver@v$KUBERNETES_VERSION" \
        "k8s.io/kubernetes/cmd/kube-controller-manager@v$KUBERNETES_VERSION" \
        "k8s.io/kubernetes/cmd/kube-scheduler@v$KUBERNETES_VERSION" \
        "k8s.io/kubernetes/cmd/kubectl@v$KUBERNETES_VERSION" \
        "k8s.io/kubernetes/cmd/kubelet@v$KUBERNETES_VERSION" \
        "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")
    echo "$key" > "$CP_MOD/.key"
  fi
  cp_module_ready=1
}

k8s_ldflags() {
  local major="${KUBERNETES_VERSION%%.*}" rest="${KUBERNETES_VERSION#*.}"
  local minor="${rest%%.*}" f="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f="$f -X $p.gitVersion=v$KUBERNETES_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    f="$f -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$f"
}

build_cp_piece() { # name package
  prepare_cp_module
  (cd "$CP_MOD" && go build -p "$GOPAR" -trimpath -ldflags "$(k8s_ldflags)" -o "$BIN/$1.new" "$2")
  mv -f "$BIN/$1.new" "$BIN/$1"
}
build_etcd() {
  prepare_cp_module
  (cd "$CP_MOD" && go build -p "$GOPAR" -trimpath -ldflags "-s -w" -o "$BIN/etcd.new" go.etcd.io/etcd/server/v3)
  mv -f "$BIN/etcd.new" "$BIN/etcd"
}
build_kube_apiserver() { build_cp_piece kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver; }
build_kube_controller_manager() { build_cp_piece kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager; }
build_kube_scheduler() { build_cp_piece kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler; }
# kubectl is what scripts/cluster.sh (and tests) use to talk to the local control plane.
build_kubectl() { build_cp_piece kubectl k8s.io/kubernetes/cmd/kubectl; }
# The real node's kubelet (scripts/node.sh), from the same module graph and with the same version stamp.
build_kubelet() { build_cp_piece kubelet k8s.io/kubernetes/cmd/kubelet; }

# crictl: node-servant restarts the node's containers with it, so it must be on the real node's PATH.
build_crictl() {
  go_install crictl "sigs.k8s.io/cri-tools/cmd/crictl@v$CRI_TOOLS_VERSION" "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v$CRI_TOOLS_VERSION"
  mv -f "$BUILD/crictl-gobin/crictl" "$BIN/crictl"
}

# A module without replace directives, released on the proxy: `go install NAME's PACKAGE@VERSION` into
# $BUILD/NAME-gobin (the caller checks and moves the binary).
go_install() { # name package@version ldflags
  rm -rf "$BUILD/$1-gobin"; mkdir -p "$BUILD/$1-gobin"
  GOBIN="$BUILD/$1-gobin" GOFLAGS="-buildvcs=false" go install -p "$GOPAR" -trimpath -ldflags "$3" "$2"
}

# kwok has no replace directives: plain `go install` into our bin.
build_kwok() {
  local tmp="$BUILD/kwok-gobin"
  go_install kwok "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" "-s -w"
  # scripts/cluster.sh runs kwok with --enable-crds=Stage, which replaces kwok's built-in stages with
  # Stage objects from the API: keep the Stage CRD and kwok's own default stages from the module.
  # The node heartbeat is the one for kwok's --node-lease-duration-seconds: the Lease is the
  # heartbeat, the status follows every 10-20 min (as kubelets do; see scripts/cluster.sh).
  local src="$GOMODCACHE/sigs.k8s.io/kwok@v$KWOK_VERSION" share="$CACHE/share/kwok"
  rm -rf "$share"; mkdir -p "$share/stages"
  install -m 0644 "$src/kustomize/crd/bases/kwok.x-k8s.io_stages.yaml" "$share/stage-crd.yaml"
  local f
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    install -m 0644 "$src/kustomize/stage/$f" "$share/stages/$(basename "$f")"
  done
  mv -f "$tmp/kwok" "$BIN/kwok"
}

# Our rule: servers we start listen on 127.0.0.1 only. yurt-manager v1.7.0 hard-codes its webhook
# server's bind host (`Host: "0.0.0.0"` in cmd/yurt-manager/app/manager.go; the metrics and health
# addresses are flags). Edit the build COPY, never the source tree, and fail the build when the pattern
# is not there exactly once, so a new OpenYurt version cannot silently skip it (the recipe's
# patch=webhook-host-loopback-v1 word makes a change of this edit rebuild the piece).
patch_yurt_manager_webhook_host() { # manager.go of the copy
  local f=$1 n
  [ -f "$f" ] || die "yurt-manager loopback patch: $f not found (source layout changed?)"
  n=$(grep -cE '^[[:space:]]*Host:[[:space:]]*"0\.0\.0\.0",[[:space:]]*$' "$f" || true)
  [ "$n" = 1 ] || die "yurt-manager loopback patch: expected exactly one 'Host: \"0.0.0.0\",' in $f, found ${n:-0}; update patch_yurt_manager_webhook_host in scripts/toolchain.sh"
  sed -i -E 's/^([[:space:]]*Host:[[:space:]]*)"0\.0\.0\.0",/\1"127.0.0.1",/' "$f"
  grep -qE '^[[:space:]]*Host:[[:space:]]*"127\.0\.0\.1",' "$f" || die "yurt-manager loopback patch did not apply to $f"
  log "  patched webhook server bind host 0.0.0.0 -> 127.0.0.1 in the build copy of ${f#"$BUILD"/}"
}

# yurt-manager: the real OpenYurt controller, from the source tree beside the repo. The proxy serves
# every dependency but not github.com/openyurtio/openyurt itself; -mod=mod lets go.sum be completed.
copy_openyurt_source() { # dir
  [ -f "$OPENYURT_SRC/go.mod" ] || die "OpenYurt v$OPENYURT_VERSION source not found at $OPENYURT_SRC (set OPENYURT_SOURCE)"
  rm -rf "$1"; mkdir -p "$1"
  cp -r "$OPENYURT_SRC"/. "$1"/
  chmod -R u+w "$1"
}
build_openyurt_cmd() { # source-copy output ./cmd/...
  (cd "$1" && GOFLAGS="-mod=mod -buildvcs=false" go build -p "$GOPAR" -trimpath \
    -ldflags "-s -w -X github.com/openyurtio/openyurt/pkg/projectinfo.gitVersion=v$OPENYURT_VERSION" \
    -o "$BIN/$2.new" "$3")
  mv -f "$BIN/$2.new" "$BIN/$2"
}
build_yurt_manager() {
  local src="$BUILD/openyurt"
  copy_openyurt_source "$src"
  patch_yurt_manager_webhook_host "$src/cmd/yurt-manager/app/manager.go"
  build_openyurt_cmd "$src" yurt-manager ./cmd/yurt-manager
}

# node-servant and the yurt-hub it installs on a node, unpatched, static (CGO_ENABLED=0), for the
# openyurt/node-servant image that yurt-manager's conversion Jobs run (node-images).
build_node_servant() {
  local src="$BUILD/openyurt-node"
  copy_openyurt_source "$src"
  build_openyurt_cmd "$src" yurthub ./cmd/yurthub
  build_openyurt_cmd "$src" node-servant ./cmd/yurt-node-servant
}

# A Debian root for real nodes: systemd as PID 1, containerd and runc, CNI plugins, busybox (the
# images' shell). From Debian's packages; scripts/node.sh copies it for every node it boots.
build_node_rootfs() {
  command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install -y debootstrap)"
  local dir="$CACHE/node/rootfs" tmp="$CACHE/node/rootfs.new"
  rm -rf "$tmp"; mkdir -p "$CACHE/node"
  debootstrap --variant=minbase --include="$NODE_DEBIAN_PACKAGES" "$NODE_DEBIAN_SUITE" "$tmp" "$NODE_DEBIAN_MIRROR"
  rm -rf "$tmp/var/cache/apt/archives/"*.deb "$dir"
  mv "$tmp" "$dir"
}

# The images a real node runs, as archives for `ctr images import` (nothing can be pulled here).
build_node_images() {
  bash "$SCRIPTS_DIR/node-images.sh" "$NODE_ROOTFS" "$BIN" "$NODE_IMAGES"
}

# versitygw: a real S3 server (POSIX backend) for the object-store tests and benchmarks. Its module has
# no replace directives: plain `go install` of the released version from the proxy, like kwok. The
# version strings go where its Makefile puts them (`versitygw --version`).
build_versitygw() {
  local tmp="$BUILD/versitygw-gobin"
  go_install versitygw "github.com/versity/versitygw/cmd/versitygw@v$VERSITYGW_VERSION" \
    "-s -w -X main.Version=v$VERSITYGW_VERSION -X main.Build=v$VERSITYGW_VERSION -X main.BuildTime=none"
  "$tmp/versitygw" --version | grep -q "v$VERSITYGW_VERSION" || die "versitygw --version does not report v$VERSITYGW_VERSION"
  mv -f "$tmp/versitygw" "$BIN/versitygw"
}

# ---------------------------------------------------------------------------------------------
pieces=("$@")
[ ${#pieces[@]} -eq 0 ] && pieces=("${ALL_PIECES[@]}")
for p in "${pieces[@]}"; do recipe "$p" >/dev/null; done
if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
  kept=()
  for p in "${pieces[@]}"; do [[ "$REAL_NODE_PIECES" == *" $p "* ]] || kept+=("$p"); done
  if [ ${#kept[@]} -ne ${#pieces[@]} ]; then
    log "real-node pieces left out: they need root and debootstrap (bash scripts/node.sh check says what is missing)"
  fi
  pieces=("${kept[@]}")
fi

log "cache: $CACHE (GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE, go$gov, -p $GOPAR)"
# The node root is downloaded and unpacked (network and disk, little CPU): it runs beside the Go builds,
# from the start, and is waited for at its turn.
bg_pid="" bg_t=0
if [[ " ${pieces[*]} " == *" node-rootfs "* ]] && ! is_fresh node-rootfs; then
  log "building node-rootfs in the background…"
  bg_t=$(date +%s)
  ( set -e; build_node_rootfs ) > "$LOGS/node-rootfs.log" 2>&1 & bg_pid=$!
fi

n=${#pieces[@]}; i=0
for p in "${pieces[@]}"; do
  i=$((i + 1))
  if [ "$p" != node-rootfs ] || [ -z "$bg_pid" ]; then
    if is_fresh "$p"; then
      log "$p ($i/$n): up to date ($(recipe "$p"))"
      continue
    fi
    log "building $p ($i/$n)…"
  fi
  t=$(date +%s)
  fn="build_${p//-/_}"
  # Own subshell, not in an `if`: errexit stays active inside the build function, so the first
  # failing command stops the piece.
  set +e
  if [ "$p" = node-rootfs ] && [ -n "$bg_pid" ]; then
    wait "$bg_pid"; rc=$?; t=$bg_t
  else
    ( set -e; "$fn" ) > "$LOGS/$p.log" 2>&1
    rc=$?
  fi
  set -e
  if [ "$rc" -ne 0 ]; then
    log "FAILED building $p after $(( $(date +%s) - t ))s; last lines of $LOGS/$p.log:"
    tail -n 40 "$LOGS/$p.log" | sed 's/^/    /' >&2
    die "piece '$p' failed to build"
  fi
  recipe "$p" > "$STAMPS/$p"
  log "built $p ($i/$n) in $(( $(date +%s) - t ))s"
done

# Register the kubernetes provider under its exact version in $PULUMI_HOME (scripts/env.sh sets
# PULUMI_HOME to $CACHE/pulumi-home and PULUMI_IGNORE_AMBIENT_PLUGINS=true). This is a local copy, no
# download; it also turns the `pulumi plugin install` that @pulumi/kubernetes' npm install script runs
# into a no-op instead of a failed download.
register_kubernetes_plugin() {
  local home="$CACHE/pulumi-home"
  local dst="$home/plugins/resource-kubernetes-v$K8S_PROVIDER_VERSION/pulumi-resource-kubernetes"
  [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-resource-kubernetes" ] || return 0
  if [ -f "$dst" ] && cmp -s "$dst" "$BIN/pulumi-resource-kubernetes"; then return 0; fi
  log "registering kubernetes $K8S_PROVIDER_VERSION in $home (pulumi plugin install --file)"
  mkdir -p "$home"
  PULUMI_HOME="$home" PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" plugin install resource kubernetes \
    "$K8S_PROVIDER_VERSION" --file "$BIN/pulumi-resource-kubernetes" --reinstall >"$LOGS/plugin-install.log" 2>&1 \
    || { tail -n 20 "$LOGS/plugin-install.log" >&2; die "could not register the kubernetes plugin"; }
}
register_kubernetes_plugin

# Sanity: the CLI answers.
if [ -x "$BIN/pulumi" ]; then "$BIN/pulumi" version >/dev/null 2>&1 || die "$BIN/pulumi does not run"; fi
log "done in $(( $(date +%s) - T0 ))s; binaries in $BIN (source scripts/env.sh to use them)"
