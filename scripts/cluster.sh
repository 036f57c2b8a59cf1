#!/usr/bin/env bash
# Local Kubernetes control plane for pulumi-openyurt tests: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake nodes), all on 127.0.0.1, built by
# scripts/toolchain.sh. No kubelet, no container runtime: kwok fakes node and pod status.
# Plus a supervisor that runs the real yurt-manager (OpenYurt v1.7) on this machine while the objects
# of its Helm chart (Deployment kube-system/yurt-manager, the webhook configurations) exist.
#
#   bash scripts/cluster.sh up                 start (no-op if already running); prints the kubeconfig
#   bash scripts/cluster.sh down [--keep]      stop every process it started; remove state unless --keep
#   bash scripts/cluster.sh status
#   bash scripts/cluster.sh yurt-manager-status   running or not, its command line, last log lines
#   bash scripts/cluster.sh add-node NAME [--labels k=v,...]
#   bash scripts/cluster.sh remove-node NAME
#   bash scripts/cluster.sh add-real-node NAME   a real node: systemd, containerd, kubelet (scripts/node.sh)
#   bash scripts/cluster.sh remove-real-node NAME
#   bash scripts/cluster.sh fail-servant NODE  servant pods on NODE end Failed (exit code 1): label
#                                              app.kubernetes.io/name=node-servant or yurt-manager's
#                                              openyurt.io/conversion-node=NODE
#   bash scripts/cluster.sh heal-servant NODE  undo fail-servant
#   bash scripts/cluster.sh fail-preflight NODE  preflight pods (app.kubernetes.io/name=node-servant-preflight)
#                                              on NODE end Failed; heal-preflight NODE undoes it
#   bash scripts/cluster.sh take-offline NODE [--wait]  a kwok node stops renewing its Lease, as if its
#                                              kubelet stopped: Ready=Unknown (NodeStatusUnknown) after
#                                              40-60 s (--wait: until then); kwok stops advancing its pods
#   bash scripts/cluster.sh bring-online NODE... undo take-offline: Ready=True again (waits for it), pods
#                                              on it move on
#
# Environment:
#   OPENYURT_CACHE        cache root (default ~/.cache/pulumi-openyurt); state in $OPENYURT_CACHE/cluster
#   OPENYURT_LOCAL_NODES  nodes created by `up` (default "node1 node2 node3 node4")
#   OPENYURT_REAL_NODES   real nodes created by `up` (default none); names may not repeat a kwok node's
#   OPENYURT_UNREACHABLE_TOLERATION  kube-apiserver's --default-{unreachable,not-ready}-toleration-seconds
#                         (default 300, Kubernetes' own): how long pods stay on a node that lost the cloud
#   OPENYURT_ETCD_PORT OPENYURT_ETCD_PEER_PORT OPENYURT_APISERVER_PORT OPENYURT_KCM_PORT
#   OPENYURT_SCHEDULER_PORT   fixed ports (default: free ports picked at `up`, kept in ports.env)
#   OPENYURT_YURT_MANAGER_NAMESPACE  namespace of Deployment yurt-manager (default kube-system)
#   OPENYURT_YURT_MANAGER_POLL       supervisor poll interval in seconds (default 2)
#   OPENYURT_NODE_LEASE_SECONDS      kwok nodes' Lease duration (default 40, kubelet's; renewed every quarter
#                                    of it); kube-controller-manager's --node-monitor-grace-period is 10 s
#                                    more (50 s at the default, its own default). Kept in lease.env for later commands
#   OPENYURT_KWOK_LEASE_WORKERS      Leases kwok renews in parallel (default 4, kwok's)
#   OPENYURT_KWOK_POD_WORKERS        pod Stages (start, complete, delete) kwok plays in parallel (default 4,
#                                    kwok's): each real node has a kubelet of its own, kwok plays all of them
#   OPENYURT_KWOK_LOG_LEVEL          kwok's log level (default INFO, which logs every Lease renewal; WARN for big fleets)
set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${OPENYURT_CACHE:-$HOME/.cache/pulumi-openyurt}"
BIN="$CACHE/bin"
S="$CACHE/cluster"
PKI="$S/pki"
PIDS="$S/pids"
LOGS="$S/logs"
KUBECONFIG_ADMIN="$S/kubeconfig"
SHARE="$CACHE/share/kwok"
SERVICE_CIDR=10.0.0.0/24
SERVICE_IP=10.0.0.1
POD_CIDR=10.244.0.1/16   # kwok's fake pod IPs (its default overlaps the service range)

log() { printf '[cluster] %s\n' "$*" >&2; }
slog() { printf '%s [yurt-manager-supervisor] %s\n' "$(date '+%F %T')" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
kc() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }

require_bins() {
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
    [ -x "$BIN/$b" ] || die "$BIN/$b missing: run 'bash scripts/toolchain.sh' first"
  done
  [ -f "$SHARE/stage-crd.yaml" ] || die "$SHARE/stage-crd.yaml missing: run 'bash scripts/toolchain.sh kwok'"
  command -v openssl >/dev/null || die "openssl not found (apt-get install -y openssl)"
}

# ---- processes ---------------------------------------------------------------------------------
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
is_running() { local f="$PIDS/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
start() { # name args...
  local name=$1; shift
  mkdir -p "$PIDS" "$LOGS"
  # setsid: own session, so the process outlives the calling shell and can be stopped on its own.
  setsid "$BIN/$name" "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
}
stop() { # name
  local f="$PIDS/$1.pid" pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# ---- ports ---------------------------------------------------------------------------------------
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
load_ports() {
  [ -f "$S/ports.env" ] && source "$S/ports.env"
  return 0
}
choose_ports() {
  load_ports
  ETCD_PORT=${OPENYURT_ETCD_PORT:-${ETCD_PORT:-$(free_port)}}
  ETCD_PEER_PORT=${OPENYURT_ETCD_PEER_PORT:-${ETCD_PEER_PORT:-$(free_port)}}
  APISERVER_PORT=${OPENYURT_APISERVER_PORT:-${APISERVER_PORT:-$(free_port)}}
  KCM_PORT=${OPENYURT_KCM_PORT:-${KCM_PORT:-$(free_port)}}
  SCHEDULER_PORT=${OPENYURT_SCHEDULER_PORT:-${SCHEDULER_PORT:-$(free_port)}}
  mkdir -p "$S"
  cat > "$S/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
APISERVER_PORT=$APISERVER_PORT
KCM_PORT=$KCM_PORT
SCHEDULER_PORT=$SCHEDULER_PORT
EOF
}

# The kwok nodes' Lease duration, kept in lease.env for the commands that wait on it (take-offline).
load_lease() {
  [ -f "$S/lease.env" ] && source "$S/lease.env"
  return 0
}
choose_lease() {
  NODE_LEASE_SECONDS=${OPENYURT_NODE_LEASE_SECONDS:-40}
  case "$NODE_LEASE_SECONDS" in
    ''|*[!0-9]*) die "OPENYURT_NODE_LEASE_SECONDS=$NODE_LEASE_SECONDS is not a whole number of seconds; use 40 (kubelet's) or, for thousands of nodes, e.g. 120" ;;
  esac
  [ "$NODE_LEASE_SECONDS" -ge 10 ] && [ "$NODE_LEASE_SECONDS" -le 600 ] \
    || die "OPENYURT_NODE_LEASE_SECONDS=$NODE_LEASE_SECONDS is outside 10-600; use 40 (kubelet's) or, for thousands of nodes, e.g. 120"
  mkdir -p "$S"
  echo "NODE_LEASE_SECONDS=$NODE_LEASE_SECONDS" > "$S/lease.env"
}

# ---- certificates ----------------------------------------------------------------------------------
gen_pki() {
  [ -f "$PKI/.done" ] && return 0
  rm -rf "$PKI"; mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=openyurt-local-ca" 2>/dev/null
    cert() { # name subject [extfile]
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      if [ -n "${3:-}" ]; then
        openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" \
          -days 3650 -extfile "$3" 2>/dev/null
      else
        printf 'extendedKeyUsage=clientAuth\n' > "$1.ext"
        openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" \
          -days 3650 -extfile "$1.ext" 2>/dev/null
      fi
      rm -f "$1.csr"
    }
    cat > apiserver.ext <<EOF
subjectAltName=IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
EOF
    cert apiserver "/CN=kube-apiserver" apiserver.ext
    cert admin "/O=system:masters/CN=kubernetes-admin"
    cert kube-controller-manager "/CN=system:kube-controller-manager"
    cert kube-scheduler "/CN=system:kube-scheduler"
    cert kwok "/O=system:masters/CN=kwok-controller"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
  touch "$PKI/.done"
}

write_kubeconfig() { # file user
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: openyurt-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 < "$PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 < "$PKI/$2.crt")
    client-key-data: $(base64 -w0 < "$PKI/$2.key")
contexts:
- name: openyurt-local
  context:
    cluster: openyurt-local
    user: $2
current-context: openyurt-local
EOF
  chmod 0600 "$1"
}

# `kubectl wait --for=condition=…` fails at once ("accessor error: <nil> is of the type <nil>") when it
# reads an object whose status.conditions is still null, as a CRD or a node just created has: poll instead.
has_condition() { # resource condition-type
  [ "$(kc get "$1" -o "jsonpath={.status.conditions[?(@.type==\"$2\")].status}" 2>/dev/null)" = True ]
}

wait_for() { # component-that-must-stay-alive|- timeout-seconds command...
  local comp=$1 timeout=$2; shift 2
  local end=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if [ "$comp" != "-" ] && ! is_running "$comp"; then
      log "$comp exited; last lines of $LOGS/$comp.log:"
      tail -n 15 "$LOGS/$comp.log" | sed 's/^/    /' >&2
      return 1
    fi
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.3
  done
}

apiserver_ready() { kc get --raw /readyz >/dev/null 2>&1; }

# ---- nodes -----------------------------------------------------------------------------------------
node_manifest() { # name labels(k=v,k=v)
  local name=$1 labels=${2:-} extra="" kv
  if [ -n "$labels" ]; then
    IFS=',' read -ra kvs <<< "$labels"
    for kv in "${kvs[@]}"; do
      [ -n "$kv" ] || continue
      case "$kv" in *=*) ;; *) die "bad label '$kv' (want k=v)";; esac
      extra="$extra    \"${kv%%=*}\": \"${kv#*=}\"
"
    done
  fi
  cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: "$name"
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
$extra
spec: {}
status:
  allocatable:
    cpu: "16"
    memory: 64Gi
    pods: "110"
  capacity:
    cpu: "16"
    memory: 64Gi
    pods: "110"
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: fake
    kubeProxyVersion: fake
EOF
}

create_nodes() { # names...
  local n
  for n in "$@"; do
    if ! kc get node "$n" >/dev/null 2>&1; then
      node_manifest "$n" "${NODE_LABELS:-}" | kc create -f - >/dev/null
    elif [ -n "${NODE_LABELS:-}" ]; then
      kc label node "$n" --overwrite ${NODE_LABELS//,/ } >/dev/null
    fi
  done
  for n in "$@"; do
    wait_for kwok 60 has_condition "node/$n" Ready \
      || die "node $n did not become Ready (kwok log: $LOGS/kwok.log)"
  done
}

# ---- yurt-manager (OpenYurt v1.7), supervised ---------------------------------------------------
# `pulumi up` of the component installs the yurt-manager Helm chart: Deployment kube-system/yurt-manager,
# per-controller ServiceAccounts/RBAC, Secret yurt-manager-webhook-certs, the two webhook
# configurations. Nothing runs its container here (kwok only fakes the pod), so a supervisor loop runs
# the REAL binary with the Deployment's own container args while those objects exist, and stops it when
# they are gone (after `pulumi destroy` another suite writes openyurt.io/is-edge-worker itself, and a
# live yurt-manager would revert those nodes). A change of the args restarts it; an exit is restarted.
YM_NS="${OPENYURT_YURT_MANAGER_NAMESPACE:-kube-system}"
YM_DEPLOY=yurt-manager
YM_MWC=yurt-manager-mutating-webhook-configuration     # names hard-coded in yurt-manager v1.7.0
YM_VWC=yurt-manager-validating-webhook-configuration   # (pkg/yurtmanager/webhook/util/util.go)
YM_POLL="${OPENYURT_YURT_MANAGER_POLL:-2}"
YM_STATE="$S/yurt-manager.state"   # key=value lines written by the supervisor (pid, ports, ready, cmd)

# Whether the Deployment (not being deleted) and both webhook configurations exist (yurt-manager exits
# after 20 s without them). Polled every 2 s, so with one curl (~25 ms CPU; kubectl costs ~120 ms).
# Sets YM_KEY to the Deployment's uid/generation, which changes with its spec.
# Returns 0: all present; 1: something absent or being deleted; 2: the API did not answer.
ym_probe() {
  local api="https://127.0.0.1:$APISERVER_PORT" body="$S/.yurt-manager-deployment.json" codes
  codes=$(curl -sS -m 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" -w '%{http_code} ' \
      -o /dev/null "$api/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/$YM_VWC" \
      -o /dev/null "$api/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/$YM_MWC" \
      -o "$body" "$api/apis/apps/v1/namespaces/$YM_NS/deployments/$YM_DEPLOY" 2>/dev/null) || return 2
  case "$codes" in
    "200 200 200 ") ;;
    *000*|*401*|*403*|*429*|*5[0-9][0-9]*) return 2 ;;
    *) return 1 ;;
  esac
  ! grep -q '"deletionTimestamp"' "$body" || return 1
  YM_KEY="$(grep -m1 -oE '"uid": *"[^"]*"' "$body" || true)/$(grep -m1 -oE '"generation": *[0-9]+' "$body" || true)"
  return 0
}

# The Deployment's container args, one per line (read when its generation changes).
ym_args() {
  kc -n "$YM_NS" get "deployment/$YM_DEPLOY" \
    -o jsonpath='{range .spec.template.spec.containers[0].args[*]}{@}{"\n"}{end}'
}

ym_state() { # KEY: its value in the supervisor's state file
  [ -f "$YM_STATE" ] && sed -n "s/^$1=//p" "$YM_STATE" | tail -n 1
  return 0
}

# Starts $BIN/yurt-manager with the Deployment's args (array YM_RAW_ARGS), except: --metrics-addr and
# --health-probe-addr on 127.0.0.1:<free port>, --webhook-port a free port, plus --kubeconfig (admin of
# this cluster). Env: WEBHOOK_HOST=127.0.0.1 makes it rewrite the webhook clientConfigs to
# https://127.0.0.1:<port>/... with its own CA, kept in a directory of this cluster (WEBHOOK_CERT_DIR;
# the default /tmp/yurt-manager-webhook-certs would be shared by every cluster on the machine).
# WEBHOOK_PORT repeats the port: v1.7.0's webhook server listens on $WEBHOOK_PORT (default 10273)
# while the clientConfigs it writes use --webhook-port.
ym_start() {
  local mp hp wp a skip="" args=()
  mp=$(free_port); hp=$(free_port); wp=$(free_port)
  YM_LEASE_NAME=yurt-manager; YM_LEASE_NS=kube-system
  for a in "${YM_RAW_ARGS[@]}"; do
    if [ -n "$skip" ]; then skip=""; continue; fi
    case "$a" in
      --metrics-addr=*|--health-probe-addr=*|--webhook-port=*|--kubeconfig=*) continue ;;
      --metrics-addr|--health-probe-addr|--webhook-port|--kubeconfig) skip=1; continue ;;
      --leader-elect-resource-name=*) YM_LEASE_NAME=${a#*=} ;;
      --leader-elect-resource-namespace=*) YM_LEASE_NS=${a#*=} ;;
    esac
    args+=("$a")
  done
  args+=("--metrics-addr=127.0.0.1:$mp" "--health-probe-addr=127.0.0.1:$hp" "--webhook-port=$wp"
    "--kubeconfig=$KUBECONFIG_ADMIN")
  local certs="$S/yurt-manager-certs" cmdline
  mkdir -p "$certs" "$PIDS" "$LOGS"
  cmdline="WEBHOOK_HOST=127.0.0.1 WEBHOOK_PORT=$wp WEBHOOK_CERT_DIR=$certs $BIN/yurt-manager$(printf ' %q' "${args[@]}")"
  slog "starting: $cmdline"
  printf '\n==== %s supervisor starts: %s\n' "$(date '+%F %T')" "$cmdline" >> "$LOGS/yurt-manager.log"
  WEBHOOK_HOST=127.0.0.1 WEBHOOK_PORT="$wp" WEBHOOK_CERT_DIR="$certs" \
    setsid "$BIN/yurt-manager" "${args[@]}" >> "$LOGS/yurt-manager.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/yurt-manager.pid"
  YM_STARTED_AT=$(date +%s); YM_HEALTH_PORT=$hp; YM_READY=""
  cat > "$YM_STATE" <<EOF
pid=$!
started=$YM_STARTED_AT
metrics=127.0.0.1:$mp
health=127.0.0.1:$hp
webhook=127.0.0.1:$wp
ready=no
cmd=$cmdline
EOF
}

# Stops it and deletes the dead process's leader-election Lease, so that the next start takes the lease
# at once instead of waiting out its 15 s (the Deployment's fake pod never takes it).
ym_stop() { # reason
  if ! is_running yurt-manager; then rm -f "$PIDS/yurt-manager.pid"; return 0; fi
  slog "stopping yurt-manager (pid $(cat "$PIDS/yurt-manager.pid")): $1"
  stop yurt-manager
  kc -n "${YM_LEASE_NS:-kube-system}" delete lease "${YM_LEASE_NAME:-yurt-manager}" --ignore-not-found >/dev/null 2>&1 || true
  if [ -f "$YM_STATE" ]; then sed -i 's/^ready=.*/ready=stopped/' "$YM_STATE"; fi
  return 0
}

# Logs once how long yurt-manager took from start to a good /readyz (it includes the webhook server's
# started check; by then the webhook configurations point at 127.0.0.1).
ym_check_ready() {
  [ -z "$YM_READY" ] || return 0
  if curl -fsS -m 1 "http://127.0.0.1:$YM_HEALTH_PORT/readyz" >/dev/null 2>&1; then
    YM_READY=1
    sed -i 's/^ready=.*/ready=yes/' "$YM_STATE"
    slog "yurt-manager ready (/readyz ok, webhooks served) $(( $(date +%s) - YM_STARTED_AT ))s after start"
  fi
}

cmd_yurt_manager_supervisor() { # internal: the loop `up` starts with setsid
  # hash: args of the running process ("" = none); crashed: args of the last run that exited by itself;
  # key: uid/generation of the Deployment whose args are in cur
  local rc hash="" crashed="" cur="" key="" args backoff=0 next=0 now sleeper=""
  # A long-running loop: a failing command must not end it (a failed start shows up as an exit).
  set +e
  trap 'ym_stop "supervisor stopped"; [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; slog "supervisor exits"; exit 0' TERM INT
  load_ports
  slog "started (pid $$): every ${YM_POLL}s, deployment/$YM_DEPLOY in $YM_NS + $YM_VWC + $YM_MWC present -> $BIN/yurt-manager runs"
  while true; do
    rc=0; ym_probe || rc=$?
    if [ "$rc" = 0 ] && [ "$YM_KEY" != "$key" ]; then
      if args=$(ym_args 2>/dev/null); then
        key=$YM_KEY
        cur=$(printf '%s' "$args" | sha256sum | cut -c1-16)
        YM_RAW_ARGS=()
        [ -z "$args" ] || mapfile -t YM_RAW_ARGS <<< "$args"
      else
        rc=2
      fi
    fi
    now=$(date +%s)
    if [ "$rc" = 0 ]; then
      if [ -n "$hash" ] && ! is_running yurt-manager; then
        # It exited by itself: restart; exits within 30 s of a start back off 4, 8, ... 32 s.
        slog "yurt-manager exited after $(( now - YM_STARTED_AT ))s; last lines of $LOGS/yurt-manager.log:"
        tail -n 5 "$LOGS/yurt-manager.log" | sed 's/^/    /' >&2
        if [ $(( now - YM_STARTED_AT )) -lt 30 ]; then backoff=$(( backoff ? backoff * 2 : 4 )); else backoff=0; fi
        [ "$backoff" -le 32 ] || backoff=32
        next=$(( now + backoff )); crashed=$hash; hash=""
        [ "$backoff" = 0 ] || slog "restarting in ${backoff}s (sooner if the Deployment's args change)"
      fi
      if [ -n "$hash" ] && [ "$cur" != "$hash" ]; then
        ym_stop "the Deployment's args changed"; hash=""
      fi
      if [ -z "$hash" ]; then
        if [ "$cur" != "$crashed" ]; then backoff=0; next=0; fi
        if [ "$now" -ge "$next" ]; then ym_start; hash=$cur; fi
      fi
      [ -z "$hash" ] || ym_check_ready
    elif [ "$rc" = 1 ]; then
      ym_stop "deployment/$YM_DEPLOY or a webhook configuration is gone"
      hash=""; crashed=""; key=""; backoff=0; next=0
    fi # rc 2 (apiserver not answering): change nothing
    sleep "$YM_POLL" & sleeper=$!
    wait "$sleeper"; sleeper=""
  done
}

start_ym_supervisor() {
  if [ ! -x "$BIN/yurt-manager" ]; then
    log "WARNING: $BIN/yurt-manager missing, so no yurt-manager supervisor; the OpenYurt v1.7 tests need it (bash scripts/toolchain.sh yurt-manager)"
    return 0
  fi
  command -v curl >/dev/null || { log "WARNING: curl not found, so no yurt-manager supervisor (apt-get install -y curl)"; return 0; }
  is_running yurt-manager-supervisor && return 0
  stop yurt-manager   # left behind by a supervisor that was killed hard: the new one starts its own
  mkdir -p "$PIDS" "$LOGS"
  OPENYURT_CACHE="$CACHE" setsid bash "$SCRIPTS_DIR/cluster.sh" _yurt-manager-supervisor \
    >> "$LOGS/yurt-manager-supervisor.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/yurt-manager-supervisor.pid"
  log "yurt-manager supervisor started (log: $LOGS/yurt-manager-supervisor.log)"
}

stop_ym_supervisor() {
  stop yurt-manager-supervisor   # its TERM trap stops yurt-manager
  stop yurt-manager              # in case the supervisor died without doing so
}

ym_status_lines() { # the two status lines; returns 1 when the supervisor should run but does not
  local rc=0
  if is_running yurt-manager-supervisor; then
    printf '%-24s running (pid %s)\n' yurt-manager-supervisor "$(cat "$PIDS/yurt-manager-supervisor.pid")"
  elif [ -x "$BIN/yurt-manager" ]; then printf '%-24s stopped\n' yurt-manager-supervisor; rc=1
  else printf '%-24s not started (%s missing)\n' yurt-manager-supervisor "$BIN/yurt-manager"; rc=1; fi
  if is_running yurt-manager; then
    printf '%-24s running (pid %s, ready=%s, webhook %s, health %s, metrics %s)\n' yurt-manager \
      "$(cat "$PIDS/yurt-manager.pid")" "$(ym_state ready)" "$(ym_state webhook)" "$(ym_state health)" "$(ym_state metrics)"
  else
    printf '%-24s not running (runs while deployment/%s in %s and both webhook configurations exist)\n' \
      yurt-manager "$YM_DEPLOY" "$YM_NS"
  fi
  return $rc
}

cmd_yurt_manager_status() { # exit 0 only when yurt-manager runs
  local rc=0
  ym_status_lines || true
  is_running yurt-manager || rc=1
  if is_running yurt-manager; then echo "command: $(ym_state cmd)"; fi
  if [ -f "$LOGS/yurt-manager-supervisor.log" ]; then
    echo "--- last lines of $LOGS/yurt-manager-supervisor.log"; tail -n 5 "$LOGS/yurt-manager-supervisor.log"
  fi
  if [ -f "$LOGS/yurt-manager.log" ]; then
    echo "--- last lines of $LOGS/yurt-manager.log"; tail -n "${OPENYURT_STATUS_LINES:-15}" "$LOGS/yurt-manager.log"
  fi
  return $rc
}

# ---- up / down -------------------------------------------------------------------------------------
all_running() { local c; for c in "${COMPONENTS[@]}"; do is_running "$c" || return 1; done; }

cmd_up() {
  local t0; t0=$(date +%s)
  require_bins
  if all_running && [ -f "$KUBECONFIG_ADMIN" ] && apiserver_ready; then
    start_ym_supervisor
    log "already running (no-op); kubeconfig: $KUBECONFIG_ADMIN"
    echo "$KUBECONFIG_ADMIN"
    return 0
  fi
  # Partial leftovers (crash, reboot): stop what is left, keep the data.
  bash "$SCRIPTS_DIR/node.sh" gc
  stop_ym_supervisor
  local c; for c in "${COMPONENTS[@]}"; do stop "$c"; done
  choose_ports
  choose_lease
  gen_pki
  mkdir -p "$S/etcd" "$LOGS"
  write_kubeconfig "$KUBECONFIG_ADMIN" admin
  local comp; for comp in kube-controller-manager kube-scheduler kwok; do write_kubeconfig "$S/$comp.kubeconfig" "$comp"; done

  log "starting etcd on 127.0.0.1:$ETCD_PORT"
  start etcd --name openyurt-local --data-dir "$S/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "openyurt-local=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync=true --log-level=warn
  wait_for etcd 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ETCD_PORT" || die "etcd did not start ($LOGS/etcd.log)"

  log "starting kube-apiserver on https://127.0.0.1:$APISERVER_PORT"
  start kube-apiserver \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --cert-dir "$S/apiserver-certs" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --api-audiences https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --kubelet-client-certificate "$PKI/admin.crt" --kubelet-client-key "$PKI/admin.key" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --default-unreachable-toleration-seconds "${OPENYURT_UNREACHABLE_TOLERATION:-300}" \
    --default-not-ready-toleration-seconds "${OPENYURT_UNREACHABLE_TOLERATION:-300}" \
    --profiling=false --v=1
  wait_for kube-apiserver 90 apiserver_ready || die "kube-apiserver not ready ($LOGS/kube-apiserver.log)"

  # kwok runs with --enable-crds=Stage: every lifecycle stage is an object in the API, so failure
  # injection is a Stage created or deleted at run time. kwok's own defaults are installed as Stages.
  kc apply -f "$SHARE/stage-crd.yaml" >/dev/null
  wait_for - 30 has_condition crd/stages.kwok.x-k8s.io Established \
    || die "the kwok Stage CRD was not Established in 30s ($LOGS/kube-apiserver.log)"
  kc apply -f "$SHARE/stages/" >/dev/null
  bare_pod_complete_stage | kc apply -f - >/dev/null

  log "starting kube-controller-manager, kube-scheduler, kwok"
  # 100 requests/s to the API server (the default is 20), as Kubernetes' 5,000-node scalability tests
  # run it: with 5,000 nodes and the default, the Job controller ran the component's boot-step Jobs at
  # ~1.4 a second (a 5,000-node rollout would spend an hour on them) and node-lifecycle fell behind.
  start kube-controller-manager \
    --kubeconfig "$S/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "$S/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "$S/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$S/kcm-certs" \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --leader-elect=false --profiling=false --v=1 \
    --kube-api-qps 100 --kube-api-burst 100 \
    --node-monitor-grace-period "$(node_monitor_grace)s"
  start kube-scheduler \
    --kubeconfig "$S/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "$S/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$S/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --cert-dir "$S/scheduler-certs" \
    --leader-elect=false --profiling=false --v=1
  kwok_config > "$S/kwok.yaml"
  start kwok \
    --config "$S/kwok.yaml" \
    -v "${OPENYURT_KWOK_LOG_LEVEL:-INFO}" \
    --kubeconfig "$S/kwok.kubeconfig" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip 127.0.0.1 \
    --cidr "$POD_CIDR" \
    --enable-crds Stage \
    --node-lease-duration-seconds "$NODE_LEASE_SECONDS"

  # shellcheck disable=SC2086
  create_nodes ${OPENYURT_LOCAL_NODES:-node1 node2 node3 node4}
  local ns
  for ns in kube-system default; do
    wait_for kube-controller-manager 60 kc -n "$ns" get serviceaccount default \
      || die "ServiceAccount $ns/default not created (is kube-controller-manager running? $LOGS/kube-controller-manager.log)"
  done
  all_running || die "a component exited during start-up; see $LOGS"
  start_ym_supervisor
  local rn
  for rn in ${OPENYURT_REAL_NODES:-}; do
    bash "$SCRIPTS_DIR/node.sh" add "$rn"
  done
  log "up in $(( $(date +%s) - t0 ))s; kubeconfig: $KUBECONFIG_ADMIN"
  echo "$KUBECONFIG_ADMIN"
}

cmd_down() {
  local keep=""
  [ "${1:-}" = "--keep" ] && keep=1
  local i
  # Real nodes first: each has processes, a network namespace and a disk of its own.
  bash "$SCRIPTS_DIR/node.sh" down-all
  stop_ym_supervisor
  for (( i=${#COMPONENTS[@]}-1; i>=0; i-- )); do stop "${COMPONENTS[$i]}"; done
  if [ -z "$keep" ]; then
    rm -rf "$S"
    log "stopped; state removed"
  else
    log "stopped; state kept in $S"
  fi
}

cmd_status() {
  local c rc=0
  load_ports
  for c in "${COMPONENTS[@]}"; do
    if is_running "$c"; then printf '%-24s running (pid %s)\n' "$c" "$(cat "$PIDS/$c.pid")"
    else printf '%-24s stopped\n' "$c"; rc=1; fi
  done
  # informational: the exit code stays about the control plane (scripts/local.sh down relies on it)
  ym_status_lines || true
  if [ -f "$KUBECONFIG_ADMIN" ] && apiserver_ready; then
    echo "kubeconfig: $KUBECONFIG_ADMIN (https://127.0.0.1:${APISERVER_PORT:-?})"
    kc get nodes -o wide 2>/dev/null || true
    kc get stages.kwok.x-k8s.io -l openyurt.local/injected-failure=true -o name 2>/dev/null || true
    kc -n kube-node-lease get leases -o "jsonpath={range .items[?(@.spec.holderIdentity==\"$OFFLINE_HOLDER\")]}offline (take-offline): {.metadata.name}{\"\\n\"}{end}" 2>/dev/null || true
  else
    echo "apiserver: not reachable"; rc=1
  fi
  return $rc
}

need_up() { [ -f "$KUBECONFIG_ADMIN" ] && apiserver_ready || die "cluster is not up (bash scripts/cluster.sh up)"; }

cmd_add_node() {
  local name="${1:-}"; [ -n "$name" ] || die "usage: add-node NAME [--labels k=v,...]"
  shift
  NODE_LABELS=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --labels) NODE_LABELS="${2:-}"; shift 2 ;;
      --labels=*) NODE_LABELS="${1#--labels=}"; shift ;;
      *) die "unknown argument '$1'" ;;
    esac
  done
  need_up
  create_nodes "$name"
  log "node $name Ready"
}

cmd_remove_node() {
  local name="${1:-}"; [ -n "$name" ] || die "usage: remove-node NAME"
  need_up
  kc delete node "$name" --ignore-not-found --wait=true >/dev/null
  log "node $name removed"
}

# A Stage with weight > 0 beats kwok's pod-complete (weight 0) for the pods it selects: kwok picks
# among matching stages by weight, and weight-0 stages lose to any positive one. Two Stages per node,
# because a Stage's matchExpressions all have to hold: one for pods labelled
# app.kubernetes.io/name=node-servant (servant Jobs of the v0.6 path), one for yurt-manager v1.7's
# conversion Job pods (label openyurt.io/conversion-node=NODE, container node-servant). The two name
# prefixes differ, so no node name can make them collide.
fail_stage_name() { echo "openyurt-fail-servant-$1"; }
fail_conversion_stage_name() { echo "openyurt-fail-conversion-$1"; }
fail_stage() { # stage-name node label-key label-value
  local name=$1 node=$2 key=$3 value=$4
  cat <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: $name
  labels:
    openyurt.local/injected-failure: "true"
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.labels["$key"]'
      operator: In
      values: ["$value"]
    - key: '.spec.nodeName'
      operator: In
      values: ["$node"]
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.phase'
      operator: In
      values: ["Running"]
  weight: 10000
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - lastTransitionTime: {{ \$now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ \$now | Quote }}
        status: "False"
        reason: PodFailed
        type: Ready
      - lastTransitionTime: {{ \$now | Quote }}
        status: "False"
        reason: PodFailed
        type: ContainersReady
      containerStatuses:
      {{ range \$index, \$item := .spec.containers }}
      - image: {{ \$item.image | Quote }}
        name: {{ \$item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 1
            finishedAt: {{ \$now | Quote }}
            reason: Error
            message: "InjectedFailure: node-servant failure injected on node $node by scripts/cluster.sh fail-servant"
            startedAt: {{ \$now | Quote }}
      {{ end }}
      phase: Failed
      reason: InjectedFailure
      message: "node-servant failure injected on node $node by scripts/cluster.sh fail-servant"
EOF
}
cmd_fail_servant() {
  local node="${1:-}"; [ -n "$node" ] || die "usage: fail-servant NODE"
  need_up
  { fail_stage "$(fail_stage_name "$node")" "$node" app.kubernetes.io/name node-servant
    echo "---"
    fail_stage "$(fail_conversion_stage_name "$node")" "$node" openyurt.io/conversion-node "$node"
  } | kc apply -f - >/dev/null
  # kwok learns about the Stage through a watch: give it a moment before the caller creates pods.
  sleep 1
  log "node-servant pods on $node will now fail (exit code 1); undo with: heal-servant $node"
}

cmd_heal_servant() {
  local node="${1:-}"; [ -n "$node" ] || die "usage: heal-servant NODE"
  need_up
  kc delete stages.kwok.x-k8s.io "$(fail_stage_name "$node")" "$(fail_conversion_stage_name "$node")" \
    --ignore-not-found >/dev/null
  sleep 1
  log "node-servant pods on $node complete normally again"
}

fail_preflight_stage_name() { echo "openyurt-fail-preflight-$1"; }
cmd_fail_preflight() {
  local node="${1:-}"; [ -n "$node" ] || die "usage: fail-preflight NODE"
  need_up
  fail_stage "$(fail_preflight_stage_name "$node")" "$node" app.kubernetes.io/name node-servant-preflight | kc apply -f - >/dev/null
  sleep 1
  log "preflight pods on $node will now fail (exit code 1); undo with: heal-preflight $node"
}
cmd_heal_preflight() {
  local node="${1:-}"; [ -n "$node" ] || die "usage: heal-preflight NODE"
  need_up
  kc delete stages.kwok.x-k8s.io "$(fail_preflight_stage_name "$node")" --ignore-not-found >/dev/null
  sleep 1
  log "preflight pods on $node complete normally again"
}

# ---- kwok node offline / online ---------------------------------------------------------------------
# kwok runs as kubelets do: a Lease per node in kube-node-lease renewed every 10 s (duration 40 s,
# kubelet's default) and the full status only every 10-20 min (kwok's node-heartbeat-with-lease Stage;
# a kubelet reports every 5 min). kube-controller-manager's node-lifecycle controller reads the Leases.
# (Full-status heartbeats every 20-25 s, ~8 KB each, were tried first: with 5,000 nodes they kept this
# machine's controller-manager so far behind that a node taken offline stayed Ready, and given more
# requests per second it flapped ~1,000 healthy nodes to Ready=Unknown. With Leases all 5,000 idle
# nodes stayed Ready; under a 5,000-node conversion, with kubelet's 40 s Lease and kwok's 4 workers,
# they did not; with OPENYURT_NODE_LEASE_SECONDS=120, OPENYURT_KWOK_LEASE_WORKERS=16 and
# OPENYURT_KWOK_LOG_LEVEL=WARN they did: README, Benchmarks.)
# Seen at 5,000 nodes: nodes taken offline can post their status once more (of 50, the nodes not Ready
# fell to 21 for a while; edge4101: a heartbeat 14 min after take-offline, so Ready again until the
# grace period had passed), presumably the status Stage kwok had scheduled before (every 10-20 min);
# not looked into further.
# take-offline NODE makes a kwok node look like one whose kubelet stopped, with kwok's own notion of
# "not my node": its Lease gets another holder (openyurt.local/offline) and a duration of ten years.
# kwok renews only Leases it holds and takes one over only when it has expired, and it plays no Stage
# on a node whose Lease it does not hold, nor on that node's pods. So nothing renews the Lease, the
# node's status stops, and its pods stay as they are: no new pod starts (Pending, no IP), no Job pod
# completes, no deleted pod goes away (Terminating, as on a real unreachable node). kube-controller-
# manager sets Ready (and the other conditions) to Unknown, reason NodeStatusUnknown, 50 s
# (--node-monitor-grace-period, its default in 1.34) after the last renewal, so 40-60 s after
# take-offline, taints the node node.kubernetes.io/unreachable and marks its pods Ready=False.
# bring-online NODE deletes the Lease: kwok creates it again within a renewal period (~10 s) and
# manages the node again (node-initialize sets Ready=True, kube-controller-manager drops the taints);
# then each pod on the node is touched (annotation openyurt.local/online-at) so that kwok looks at it
# again (it does not by itself): Pending pods start, Job pods complete, deleted pods go. Stage
# openyurt-pod-resume (Pod, weight 100) turns the Ready=False kube-controller-manager wrote on a
# Running pod back to True, as a kubelet would report it again; it stays, and does nothing without
# such a pod.
OFFLINE_HOLDER=openyurt.local/offline
# The Lease duration of this cluster (lease.env keeps what `up` chose) and kube-controller-manager's
# grace period after the last renewal: 10 s more, as 1.34's defaults are (40 s, 50 s).
node_monitor_grace() { echo $(( ${NODE_LEASE_SECONDS:-40} + 10 )); }
kwok_config() {
  printf '%s\n' 'apiVersion: config.kwok.x-k8s.io/v1alpha1' 'kind: KwokConfiguration' 'options:' \
    "  nodeLeaseParallelism: ${OPENYURT_KWOK_LEASE_WORKERS:-4}" \
    "  podPlayStageParallelism: ${OPENYURT_KWOK_POD_WORKERS:-4}"
}
# kwok's pod-complete Stage finishes only pods a Job owns; a bare pod with restartPolicy Never (the
# component's yurt-hub-at-boot step runs in one) would stay Running on a kwok node for ever, where a
# kubelet would see its container exit. Stage openyurt-bare-pod-complete finishes such a pod as
# pod-complete finishes a Job's (exit code 0, Succeeded); fail-servant's Stages (weight 10000) and
# pods with an owner are left as they were.
bare_pod_complete_stage() {
  cat <<'EOF'
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: openyurt-bare-pod-complete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.phase'
      operator: In
      values: ["Running"]
    - key: '.metadata.ownerReferences'
      operator: DoesNotExist
    - key: '.spec.restartPolicy'
      operator: In
      values: ["Never"]
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Succeeded
EOF
}
pod_resume_stage() {
  cat <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: openyurt-pod-resume
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist
    - key: '.status.phase'
      operator: In
      values: ["Running"]
    - key: '.status.podIP'
      operator: Exists
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ["False"]
  weight: 100
  next:
    statusTemplate: |
      conditions:
      - lastTransitionTime: {{ Now | Quote }}
        status: "True"
        type: Ready
EOF
}
node_ready_status() { kc get node "$1" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null; }
ready_is() { [ "$(node_ready_status "$1")" = "$2" ]; }
untainted() { ! kc get node "$1" -o 'jsonpath={.spec.taints[*].key}' | grep -q 'node.kubernetes.io/unreachable'; }
lease_holder() { kc -n kube-node-lease get lease "$1" -o 'jsonpath={.spec.holderIdentity}' 2>/dev/null; }
has_lease() { [ -n "$(lease_holder "$1")" ]; }
need_kwok_node() { # node
  local a
  a=$(kc get node "$1" -o 'jsonpath={.metadata.annotations.kwok\.x-k8s\.io/node}' 2>/dev/null) \
    || die "node $1 not found"
  [ "$a" = fake ] || die "node $1 is not a kwok node (annotation kwok.x-k8s.io/node=fake missing)"
}

cmd_take_offline() {
  local node="${1:-}" wait=""; [ -n "$node" ] || die "usage: take-offline NODE [--wait]"
  case "${2:-}" in "") ;; --wait) wait=1 ;; *) die "unknown argument '$2'" ;; esac
  need_up
  load_lease
  need_kwok_node "$node"
  wait_for kwok 30 has_lease "$node" \
    || die "node $node has no Lease in kube-node-lease 30 s after it was asked for ($LOGS/kwok.log)"
  pod_resume_stage | kc apply -f - >/dev/null
  kc -n kube-node-lease patch lease "$node" --type merge \
    -p "{\"spec\":{\"holderIdentity\":\"$OFFLINE_HOLDER\",\"leaseDurationSeconds\":315360000}}" >/dev/null
  if [ -n "$wait" ]; then
    # The grace period after the last renewal, a renewal period and the controller's 5 s monitor period, with room.
    local bound=$(( $(node_monitor_grace) + ${NODE_LEASE_SECONDS:-40} / 4 + 60 ))
    wait_for kube-controller-manager "$bound" ready_is "$node" Unknown \
      || die "node $node: Ready is '$(node_ready_status "$node")', not Unknown, $bound s after take-offline"
    log "node $node is offline: Ready=Unknown"
  else
    log "node $node no longer renews its Lease: Ready becomes Unknown within ~$(( $(node_monitor_grace) + 10 )) s; undo with: bring-online $node"
  fi
}

cmd_bring_online() { # NODE... : all at once, so that healing 50 nodes costs one wait, not fifty
  [ $# -gt 0 ] || die "usage: bring-online NODE..."
  need_up
  local node
  for node in "$@"; do
    need_kwok_node "$node"
    if [ "$(lease_holder "$node")" = "$OFFLINE_HOLDER" ]; then
      kc -n kube-node-lease delete lease "$node" --ignore-not-found >/dev/null
    fi
  done
  for node in "$@"; do
    wait_for kwok 60 ready_is "$node" True \
      || die "node $node: Ready is '$(node_ready_status "$node")', not True, 60 s after bring-online ($LOGS/kwok.log)"
    # Pods of the node: an event for each, so that kwok plays their next stage now.
    kc annotate pods --all-namespaces --field-selector "spec.nodeName=$node" --overwrite \
      "openyurt.local/online-at=$(date +%s)" >/dev/null
  done
  # kube-controller-manager removes the unreachable taints within its 5 s monitor period: wait, so
  # that pods created next are not kept off the nodes.
  for node in "$@"; do
    wait_for kube-controller-manager 30 untainted "$node" \
      || die "node $node: still tainted node.kubernetes.io/unreachable 30 s after Ready=True"
    log "node $node is online: Ready=True, untainted, kwok renews its Lease again"
  done
}

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    add-node) cmd_add_node "$@" ;;
    remove-node) cmd_remove_node "$@" ;;
    add-real-node) bash "$SCRIPTS_DIR/node.sh" add "$@" ;;
    remove-real-node) bash "$SCRIPTS_DIR/node.sh" remove "$@" ;;
    fail-servant) cmd_fail_servant "$@" ;;
    heal-servant) cmd_heal_servant "$@" ;;
    fail-preflight) cmd_fail_preflight "$@" ;;
    heal-preflight) cmd_heal_preflight "$@" ;;
    take-offline) cmd_take_offline "$@" ;;
    bring-online) cmd_bring_online "$@" ;;
    yurt-manager-status) cmd_yurt_manager_status "$@" ;;
    # internal: started by `up` (setsid); the loop only ends by exit, so the file is never read further
    _yurt-manager-supervisor) cmd_yurt_manager_supervisor; exit 0 ;;
    kubeconfig) echo "$KUBECONFIG_ADMIN" ;;
    *) sed -n '2,/^set -e/{/^set -e/!p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -n "$cmd" ] && exit 2; exit 0 ;;
  esac
}
main "$@"
