#!/usr/bin/env bash
# Real nodes for the local control plane (scripts/cluster.sh): a Debian bookworm root booted with
# systemd-nspawn, so systemd is PID 1 on the node (node-servant drives yurt-hub and kubelet with
# systemctl), running containerd + runc and a real kubelet built like the control plane, laid out the
# way kubeadm lays out a node (node-servant reads exactly those files). Each node has a network
# namespace of its own, so any number of nodes (and clusters) run side by side:
#   - its address is 198.18.<i>.<4j+2>/30 (a block of the benchmarking range, RFC 2544) on eth0, with the
#     other end of the pair (.1) in the host namespace, so kube-apiserver reaches kubelet's 10250 there;
#   - its link to the API server is 127.0.0.1:6443 inside the node: a forwarder in the node's namespace
#     into a socket file, served by a forwarder in the host namespace that connects to the API server on
#     127.0.0.1. `link-down` stops the host half, which is the node losing the cloud; `link-up` restores it.
#
#   bash scripts/node.sh check                 can this machine run a real node? says what is missing
#   bash scripts/node.sh add NAME              create, boot and join a node; returns when it is Ready
#   bash scripts/node.sh remove NAME           power it off, delete the Node object and every trace of it
#   bash scripts/node.sh list                  the real nodes of this cluster and their state
#   bash scripts/node.sh exec NAME CMD...      run CMD on the node (all of its namespaces)
#   bash scripts/node.sh link-down|link-up NAME
#   bash scripts/node.sh reboot NAME           power the node off and boot it again (its disk is kept)
#   bash scripts/node.sh stop|start NAME       power off / boot
#   bash scripts/node.sh down-all              power off and remove every real node of this cluster
#   bash scripts/node.sh gc                    remove network namespaces left by nodes whose rig is gone
#   bash scripts/node.sh root NAME             the node's root folder on this machine (to read its files)
#
# Environment: OPENYURT_CACHE (as scripts/cluster.sh). Needs root, systemd-nspawn (Debian's
# systemd-container), socat, iproute2, and the toolchain's node pieces (node-rootfs, kubelet, crictl,
# node-images). What it proves and what not: README, "Real nodes".
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
BIN="$CACHE/bin"
S="$CACHE/cluster"
PKI="$S/pki"
NODES="$S/nodes"
ROOTFS="$CACHE/node/rootfs"
IMAGES="$CACHE/share/node-images"
# Every node's network namespace is listed here (name -> its folder), so `gc` finds those of a rig
# that was killed before it could clean up.
REGISTRY=/run/pulumi-openyurt/netns
API_PORT_IN_NODE=6443

log() { printf '[node] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
kc() { "$BIN/kubectl" --kubeconfig "$S/kubeconfig" "$@"; }

# ---- what the machine must have -----------------------------------------------------------------
missing() { # prints one line per missing prerequisite
  [ "$(id -u)" = 0 ] || echo "root (systemd-nspawn and network namespaces need it)"
  command -v systemd-nspawn >/dev/null || echo "systemd-nspawn (apt-get install -y systemd-container)"
  command -v socat >/dev/null || echo "socat (apt-get install -y socat)"
  command -v ip >/dev/null || echo "ip (apt-get install -y iproute2)"
  command -v nsenter >/dev/null || echo "nsenter (util-linux)"
  [ -x "$ROOTFS/usr/bin/containerd" ] || echo "the node root $ROOTFS (bash scripts/toolchain.sh node-rootfs)"
  local b; for b in kubelet crictl; do [ -x "$BIN/$b" ] || echo "$BIN/$b (bash scripts/toolchain.sh $b)"; done
  [ -f "$IMAGES/node-servant.tar" ] || echo "the node images in $IMAGES (bash scripts/toolchain.sh node-images)"
  return 0
}
cmd_check() {
  local m; m=$(missing)
  if [ -n "$m" ]; then
    echo "this machine cannot run a real node; missing:"; echo "$m" | sed 's/^/  - /'
    return 1
  fi
  echo "real nodes: supported"
}
need_machine() { local m; m=$(missing); [ -z "$m" ] || die "cannot run a real node here; missing: $(echo "$m" | paste -sd ';')"; }
need_cluster() {
  [ -f "$S/kubeconfig" ] && [ -f "$S/ports.env" ] && kc get --raw /readyz >/dev/null 2>&1 \
    || die "the local control plane is not up (bash scripts/cluster.sh up)"
  # shellcheck source=/dev/null
  source "$S/ports.env"
}

# ---- one node's folder, namespace and processes ---------------------------------------------------
node_dir() { echo "$NODES/$1"; }
netns_of() { echo "oy-$(printf '%s' "$(node_dir "$1")" | sha256sum | cut -c1-10)"; }
pid_of() { local f; f="$(node_dir "$1")/$2.pid"; [ -f "$f" ] && cat "$f"; }
alive() { local p; p=$(pid_of "$1" "$2") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
kill_group() { # node proc: stops the process group a proc was started in (setsid), then forgets it
  local p; p=$(pid_of "$1" "$2") || return 0
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
    local i; for i in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$p" 2>/dev/null || true
  fi
  rm -f "$(node_dir "$1")/$2.pid"
}
spawn() { # node proc command... : started in its own session, output to the node's log folder
  local n=$1 proc=$2; shift 2
  setsid "$@" >> "$(node_dir "$n")/logs/$proc.log" 2>&1 < /dev/null &
  echo $! > "$(node_dir "$n")/$proc.pid"
}

# The container's PID 1 (its systemd), as seen from here.
leader() {
  local np c; np=$(pid_of "$1" nspawn) || return 1
  for c in $(cat "/proc/$np/task/$np/children" 2>/dev/null); do
    if grep -qE '^NSpid:.*[[:space:]]1$' "/proc/$c/status" 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
in_node() { # node command... : run in every namespace of the node's systemd
  local l; l=$(leader "$1") || die "node $1 is not running"
  shift
  nsenter -t "$l" -m -u -i -n -p -C -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# ---- network --------------------------------------------------------------------------------------
# A free /30 of 198.18.0.0/16 (block i: 198.18.i/64.(i%64)*4), chosen under a lock so two rigs never
# take the same one; the host end is .1, the node .2.
alloc_block() {
  mkdir -p "$(dirname "$REGISTRY")"
  local used i start
  used=$(ip -4 -o addr show | grep -oE '198\.18\.[0-9]+\.[0-9]+' || true)
  start=$(( $(printf '%s' "$1" | cksum | cut -d' ' -f1) % 16000 + 1 ))
  for (( i = start; i < start + 16000; i++ )); do
    local b=$(( (i % 16383) + 1 ))
    local base="198.18.$(( b / 64 )).$(( (b % 64) * 4 ))"
    grep -qxF "${base%.*}.$(( (b % 64) * 4 + 1 ))" <<< "$used" || { echo "$base"; return 0; }
  done
  die "no free address block in 198.18.0.0/16"
}
net_up() { # node
  local n=$1 ns dir base host nodeip
  ns=$(netns_of "$n"); dir=$(node_dir "$n")
  exec 9> /run/lock/pulumi-openyurt-nodes.lock; flock 9
  if ! ip netns list | grep -qw "$ns"; then
    base=$(alloc_block "$ns")
    host="${base%.*}.$(( ${base##*.} + 1 ))"; nodeip="${base%.*}.$(( ${base##*.} + 2 ))"
    ip netns add "$ns"
    mkdir -p "$REGISTRY"; echo "$dir" > "$REGISTRY/$ns"
    ip link add "$ns" type veth peer name eth0 netns "$ns"
    ip addr add "$host/30" dev "$ns"; ip link set "$ns" up
    ip -n "$ns" addr add "$nodeip/30" dev eth0
    ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up
    # yurt-hub picks the node's address from the default route; nothing is routed beyond the host end.
    ip -n "$ns" route add default via "$host"
    printf 'NETNS=%s\nHOST_IP=%s\nNODE_IP=%s\n' "$ns" "$host" "$nodeip" > "$dir/net.env"
  fi
  exec 9>&-
}
net_down() { # netns
  ip netns del "$1" 2>/dev/null || true   # the host end of the pair goes with it
  ip link del "$1" 2>/dev/null || true
  rm -f "$REGISTRY/$1"
}

# The node's link to the API server (see the header).
link_up() {
  local n=$1 dir; dir=$(node_dir "$n")
  # shellcheck source=/dev/null
  source "$dir/net.env"
  alive "$n" api-host || spawn "$n" api-host socat "UNIX-LISTEN:$dir/api.sock,fork,unlink-early,mode=600" "TCP:127.0.0.1:$APISERVER_PORT"
  alive "$n" api-node || spawn "$n" api-node ip netns exec "$NETNS" socat "TCP-LISTEN:$API_PORT_IN_NODE,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$dir/api.sock"
  local i; for i in $(seq 1 50); do [ -S "$dir/api.sock" ] && return 0; sleep 0.1; done
  die "the API link of node $n did not come up ($dir/logs/api-host.log)"
}
link_down() { kill_group "$1" api-host; rm -f "$(node_dir "$1")/api.sock"; }

# ---- the node's disk --------------------------------------------------------------------------------
# Everything kubeadm would have left on a joined worker, plus what this VM's kernel needs (the rig's
# part, marked as such): node-servant parses the drop-in, kubeadm-flags.env and kubelet.conf.
lay_out_node() { # node
  local n=$1 dir r nodeip ns
  dir=$(node_dir "$n"); r="$dir/root"
  # shellcheck source=/dev/null
  source "$dir/net.env"; nodeip=$NODE_IP; ns=$NETNS
  log "copying the node root for $n"
  cp -a "$ROOTFS" "$r"
  install -m 0755 "$BIN/kubelet" "$r/usr/bin/kubelet"
  install -m 0755 "$BIN/crictl" "$r/usr/bin/crictl"
  mkdir -p "$r/opt/rig/images"; cp "$IMAGES"/*.tar "$r/opt/rig/images/"
  echo "$n" > "$r/etc/hostname"
  printf '127.0.0.1 localhost\n%s %s\n' "$nodeip" "$n" > "$r/etc/hosts"
  echo "nameserver 127.0.0.1" > "$r/etc/resolv.conf"
  : > "$r/etc/machine-id"

  # kubeadm's layout
  mkdir -p "$r/etc/kubernetes/pki" "$r/etc/kubernetes/manifests" "$r/var/lib/kubelet/pki" "$r/etc/systemd/system/kubelet.service.d"
  install -m 0644 "$PKI/ca.crt" "$r/etc/kubernetes/pki/ca.crt"
  ( cd "$dir" && openssl req -newkey rsa:2048 -nodes -keyout kubelet.key -out kubelet.csr \
      -subj "/O=system:nodes/CN=system:node:$n" 2>/dev/null \
    && printf 'extendedKeyUsage=clientAuth\n' > kubelet.ext \
    && openssl x509 -req -in kubelet.csr -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -out kubelet.crt \
      -days 3650 -extfile kubelet.ext 2>/dev/null \
    && cat kubelet.crt kubelet.key > "$r/var/lib/kubelet/pki/kubelet-client-current.pem" && rm -f kubelet.csr kubelet.ext kubelet.key )
  chmod 0600 "$r/var/lib/kubelet/pki/kubelet-client-current.pem"
  cat > "$r/etc/kubernetes/kubelet.conf" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: default-cluster
  cluster:
    certificate-authority: /etc/kubernetes/pki/ca.crt
    server: https://127.0.0.1:$API_PORT_IN_NODE
contexts:
- name: default-context
  context:
    cluster: default-cluster
    namespace: default
    user: default-auth
current-context: default-context
users:
- name: default-auth
  user:
    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
EOF
  cat > "$r/etc/systemd/system/kubelet.service" <<'EOF'
[Unit]
Description=kubelet: The Kubernetes Node Agent
Wants=network-online.target containerd.service
After=network-online.target containerd.service rig-images.service

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
EOF
  cat > "$r/etc/systemd/system/kubelet.service.d/10-kubeadm.conf" <<'EOF'
# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
EOF
  echo "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=$nodeip --hostname-override=$n --node-labels=openyurt.local/node=real\"" \
    > "$r/var/lib/kubelet/kubeadm-flags.env"
  # cgroupRoot: every node of this machine shares the VM's cgroup v1 hierarchies; a root of its own
  # keeps one kubelet from treating another's pod cgroups as orphans.
  cat > "$r/var/lib/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupRoot: /$ns
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
staticPodPath: /etc/kubernetes/manifests
resolvConf: /etc/resolv.conf
rotateCertificates: false
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", imagefs.available: "1%"}
EOF

  # containerd: the CRI with the sandbox image built here, the node's CNI plugins, and
  # restrict_oom_score_adj (this VM's capability set lacks CAP_SYS_RESOURCE: runc cannot lower it).
  mkdir -p "$r/etc/containerd" "$r/etc/cni/net.d"
  cat > "$r/etc/containerd/config.toml" <<'EOF'
version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/etc/cni/net.d"
EOF
  cat > "$r/etc/cni/net.d/10-pods.conflist" <<'EOF'
{"cniVersion": "1.0.0", "name": "pods", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "loopback"}]}
EOF
  echo "runtime-endpoint: unix:///run/containerd/containerd.sock" > "$r/etc/crictl.yaml"

  # The rig's part (this VM, not OpenYurt): fresh writable cgroup v1 mounts and /dev/kmsg before
  # containerd and kubelet; the images imported before kubelet; yurt-hub without its dummy interface
  # (this kernel has none) in a vendor drop-in, which node-servant's revert (it deletes
  # /etc/systemd/system/yurthub.service.d/) leaves alone.
  cat > "$r/usr/local/sbin/rig-node-prep" <<EOF
#!/bin/sh
for c in cpuset cpu cpuacct memory devices freezer blkio pids; do
  umount -l /sys/fs/cgroup/\$c 2>/dev/null
  mkdir -p /sys/fs/cgroup/\$c && mount -t cgroup -o \$c cgroup /sys/fs/cgroup/\$c
  # kubelet's cgroupRoot must exist; a new cpuset gets its parent's CPUs and memory nodes
  mkdir -p /sys/fs/cgroup/\$c/$ns
done
mkdir -p /sys/fs/cgroup/systemd/$ns
cat /sys/fs/cgroup/cpuset/cpuset.cpus > /sys/fs/cgroup/cpuset/$ns/cpuset.cpus
cat /sys/fs/cgroup/cpuset/cpuset.mems > /sys/fs/cgroup/cpuset/$ns/cpuset.mems
[ -e /dev/kmsg ] || ln -s /dev/console /dev/kmsg
EOF
  chmod 0755 "$r/usr/local/sbin/rig-node-prep"
  cat > "$r/etc/systemd/system/rig-node-prep.service" <<'EOF'
[Unit]
Description=Rig: writable cgroup v1 controllers and /dev/kmsg for containerd and kubelet
DefaultDependencies=no
Before=containerd.service kubelet.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/rig-node-prep
[Install]
WantedBy=multi-user.target
EOF
  cat > "$r/etc/systemd/system/rig-images.service" <<'EOF'
[Unit]
Description=Rig: import the images built on the machine (nothing can be pulled)
After=containerd.service
Requires=containerd.service
Before=kubelet.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'for f in /opt/rig/images/*.tar; do ctr -n k8s.io images import "$f"; done'
[Install]
WantedBy=multi-user.target
EOF
  mkdir -p "$r/usr/lib/systemd/system/yurthub.service.d"
  cat > "$r/usr/lib/systemd/system/yurthub.service.d/20-rig.conf" <<'EOF'
# Rig: this VM's kernel has no dummy network interface; yurt-hub's default hub-dummy0 would exit.
[Service]
Environment="YURTHUB_EXTRA_ARGS=--v=2 --enable-dummy-if=false"
EOF
  # Started at boot (Debian's containerd package enables containerd itself).
  local u; mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
  for u in kubelet rig-node-prep rig-images; do
    ln -sf "/etc/systemd/system/$u.service" "$r/etc/systemd/system/multi-user.target.wants/$u.service"
  done
  # Nothing on the node waits for a network manager.
  ln -sf /dev/null "$r/etc/systemd/system/systemd-networkd-wait-online.service"
}

# The node's cgroups (kubelet's cgroupRoot, named like its namespace) in this machine's hierarchies,
# deepest first, once nothing runs in them.
remove_cgroups() { # netns
  local d
  for d in /sys/fs/cgroup/*/"$1"; do
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  return 0
}

# ---- power ------------------------------------------------------------------------------------------
boot() { # node
  local n=$1 dir; dir=$(node_dir "$n")
  alive "$n" nspawn && return 0
  # shellcheck source=/dev/null
  source "$dir/net.env"
  # --keep-unit --register=no: no system bus on this host. The keyring syscalls: runc joins a session
  # keyring. --capability=all: containerd and kubelet run as they would on a machine.
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=1 spawn "$n" nspawn systemd-nspawn -D "$dir/root" -b --register=no --keep-unit \
    -M "$NETNS" --hostname="$n" --console=passive --capability=all --system-call-filter='@keyring bpf perf_event_open' \
    --network-namespace-path="/run/netns/$NETNS" --resolv-conf=off --timezone=off --link-journal=no
  local i; for i in $(seq 1 100); do leader "$n" >/dev/null && return 0; sleep 0.1; done
  die "node $n did not boot ($dir/logs/nspawn.log)"
}
# A clean power-off: SIGTERM makes systemd-nspawn ask the node's systemd to shut down. What is still
# running after the bound is killed (every process in the node's PID namespace), so nothing is left.
power_off() { # node
  local n=$1 np l i
  np=$(pid_of "$n" nspawn) || return 0
  if kill -0 "$np" 2>/dev/null; then
    l=$(leader "$n" || true)
    kill -TERM "$np" 2>/dev/null || true
    for i in $(seq 1 300); do kill -0 "$np" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$np" 2>/dev/null; then
      log "node $n did not power off within 30s: killing it"
      if [ -n "$l" ]; then
        local pidns p; pidns=$(readlink "/proc/$l/ns/pid" 2>/dev/null || true)
        for p in /proc/[0-9]*; do
          [ -n "$pidns" ] && [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$pidns" ] && kill -KILL "${p#/proc/}" 2>/dev/null
        done
      fi
      kill -KILL "$np" 2>/dev/null || true
    fi
  fi
  rm -f "$(node_dir "$n")/nspawn.pid"
  # shellcheck source=/dev/null
  source "$(node_dir "$n")/net.env"
  rm -rf "/run/systemd/nspawn/propagate/$NETNS"   # systemd-nspawn's own leftover folder
}

wait_ready() { # node timeout
  local n=$1 end=$(( $(date +%s) + $2 ))
  until [ "$(kc get node "$n" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]; do
    if ! alive "$n" nspawn; then die "node $n stopped while booting ($(node_dir "$n")/logs/nspawn.log)"; fi
    [ "$(date +%s)" -lt "$end" ] || die "node $n was not Ready within $2s (bash scripts/node.sh exec $n journalctl -u kubelet --no-pager | tail)"
    sleep 1
  done
}

# ---- commands ---------------------------------------------------------------------------------------
need_node() { [ -n "${1:-}" ] || die "usage: $2 NAME"; [ -d "$(node_dir "$1")/root" ] || die "no real node $1 in this cluster (bash scripts/node.sh list)"; }

cmd_add() {
  local n=${1:-} t0; t0=$(date +%s)
  [ -n "$n" ] || die "usage: add NAME"
  [[ "$n" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "'$n' is not a valid node name (lower-case letters, digits and '-')"
  need_machine; need_cluster
  kc get node "$n" >/dev/null 2>&1 && ! [ -d "$(node_dir "$n")" ] && die "a node named $n exists already (a kwok node?); pick another name"
  if [ ! -d "$(node_dir "$n")/root" ]; then
    mkdir -p "$(node_dir "$n")/logs"
    net_up "$n"
    lay_out_node "$n"
  fi
  net_up "$n"
  link_up "$n"
  boot "$n"
  wait_ready "$n" 240
  log "real node $n Ready in $(( $(date +%s) - t0 ))s ($(grep NODE_IP "$(node_dir "$n")/net.env" | cut -d= -f2), netns $(netns_of "$n"))"
}

cmd_remove() {
  local n=${1:-}; [ -n "$n" ] || die "usage: remove NAME"
  [ -d "$(node_dir "$n")" ] || return 0
  power_off "$n"
  kill_group "$n" api-node; link_down "$n"
  remove_cgroups "$(netns_of "$n")"
  net_down "$(netns_of "$n")"
  if [ -f "$S/kubeconfig" ]; then kc delete node "$n" --ignore-not-found --wait=false >/dev/null 2>&1 || true; fi
  rm -rf "$(node_dir "$n")"
  log "real node $n removed"
}

cmd_down_all() {
  local d
  [ -d "$NODES" ] || return 0
  for d in "$NODES"/*/; do [ -d "$d" ] && cmd_remove "$(basename "$d")"; done
  rmdir "$NODES" 2>/dev/null || true
}

# Namespaces listed in the registry whose node folder is gone, or whose node no longer runs and whose
# rig is not this one: what a killed rig left behind.
cmd_gc() {
  [ -d "$REGISTRY" ] || return 0
  local f ns dir
  for f in "$REGISTRY"/*; do
    [ -f "$f" ] || continue
    ns=$(basename "$f"); dir=$(cat "$f")
    if [ ! -d "$dir" ] || ! { [ -f "$dir/nspawn.pid" ] && kill -0 "$(cat "$dir/nspawn.pid")" 2>/dev/null; }; then
      [ -d "$dir" ] && [ "$(dirname "$dir")" = "$NODES" ] && continue   # one of ours, only powered off
      log "removing network namespace $ns left by $dir"
      net_down "$ns"
    fi
  done
}

cmd_list() {
  [ -d "$NODES" ] || return 0
  local d n
  for d in "$NODES"/*/; do
    [ -d "$d" ] || continue
    n=$(basename "$d")
    printf '%-16s %-8s link %-5s %s\n' "$n" "$(alive "$n" nspawn && echo running || echo off)" \
      "$(alive "$n" api-host && echo up || echo down)" "$(grep NODE_IP "$d/net.env" 2>/dev/null | cut -d= -f2)"
  done
}

main() {
  local cmd=${1:-}; shift || true
  case "$cmd" in
    check) cmd_check ;;
    add) cmd_add "$@" ;;
    remove) cmd_remove "$@" ;;
    list) cmd_list ;;
    down-all) cmd_down_all ;;
    gc) cmd_gc ;;
    exec) need_node "${1:-}" "exec"; local n=$1; shift; in_node "$n" "$@" ;;
    root) need_node "${1:-}" root; echo "$(node_dir "$1")/root" ;;
    link-down) need_node "${1:-}" link-down; link_down "$1"; log "node $1: link to the API server cut" ;;
    link-up) need_node "${1:-}" link-up; need_cluster; link_up "$1"; log "node $1: link to the API server restored" ;;
    stop) need_node "${1:-}" stop; power_off "$1"; log "node $1 powered off" ;;
    start) need_node "${1:-}" start; boot "$1"; log "node $1 booting" ;;
    reboot) need_node "${1:-}" reboot; power_off "$1"; boot "$1"; log "node $1 rebooted" ;;
    *) sed -n '2,/^set -e/{/^set -e/!p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -n "$cmd" ] && exit 2; exit 0 ;;
  esac
}
main "$@"
