#!/usr/bin/env bash
# Writes the container images a real node (scripts/node.sh) runs, as docker-archive tarballs that
# `ctr -n k8s.io images import` loads: nothing can be pulled on this machine. Each image is one layer
# built from files already here, so the names below are exactly what the cluster asks for:
#   openyurt/node-servant:v1.7.0   what the component pins for yurt-manager's conversion Jobs: static
#                                  node-servant and yurthub built from the OpenYurt source, busybox as
#                                  the shell, and an entry script that does what OpenYurt's image entry does
#   registry.k8s.io/pause:3.10     the sandbox image containerd is configured with on the node
#   localhost/busybox:1.35.0       a workload image (Debian's busybox-static, version of bookworm)
#
# Usage: bash scripts/node-images.sh ROOTFS BIN OUT
#   ROOTFS  the node root (its /bin/busybox is the images' shell)   BIN  where node-servant, yurthub are
set -euo pipefail
rootfs=$1 bin=$2 out=$3
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$SCRIPTS_DIR/versions.env"

NODE_SERVANT_IMAGE="openyurt/node-servant:v$OPENYURT_VERSION"
PAUSE_IMAGE=registry.k8s.io/pause:3.10
BUSYBOX_IMAGE=localhost/busybox:1.35.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# A root with busybox and its applets as links: /bin/sh, chroot, cp, sleep, top, …
busybox_root() { # dir
  mkdir -p "$1/bin" "$1/tmp" "$1/etc"
  install -m 0755 "$rootfs/bin/busybox" "$1/bin/busybox"
  local a
  for a in $("$1/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$1/etc/passwd"
}

# archive NAME:TAG ROOT FILE ENTRYPOINT-JSON CMD-JSON: one layer, a config, a manifest.
archive() {
  local ref=$1 root=$2 file=$3 entrypoint=$4 cmd=$5 d="$work/archive"
  rm -rf "$d"; mkdir -p "$d"
  # Reproducible layer: fixed owner and time, sorted names.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$d/layer.tar" .
  local diff; diff=$(sha256sum "$d/layer.tar" | cut -d' ' -f1)
  mkdir -p "$d/$diff"; mv "$d/layer.tar" "$d/$diff/layer.tar"
  cat > "$d/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":$entrypoint,"Cmd":$cmd,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"pulumi-openyurt scripts/node-images.sh"}]}
EOF
  local cfg; cfg=$(sha256sum "$d/config.json" | cut -d' ' -f1)
  mv "$d/config.json" "$d/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$cfg" "$ref" "$diff" > "$d/manifest.json"
  tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$d" -cf "$out/$file.new" manifest.json "$cfg.json" "$diff"
  mv -f "$out/$file.new" "$out/$file"
  echo "$ref -> $out/$file ($(du -h "$out/$file" | cut -f1))"
}

# node-servant: the Job runs `/bin/sh -c "/usr/local/bin/entry.sh convert --node-name=… --nodepool-name=…"`
# with the node's / mounted at /openyurt. Like OpenYurt's own entry, ours puts node-servant and yurthub
# where node-servant expects them on the node (/usr/local/servant/) and runs node-servant chrooted into
# the node's root, so every file and systemctl call it makes is the node's.
r="$work/node-servant"; busybox_root "$r"
mkdir -p "$r/usr/local/bin"
install -m 0755 "$bin/node-servant" "$r/usr/local/bin/node-servant"
install -m 0755 "$bin/yurthub" "$r/usr/local/bin/yurthub"
cat > "$r/usr/local/bin/entry.sh" <<'EOF'
#!/bin/sh
# Entry of the node-servant image (pulumi-openyurt scripts/node-images.sh): copy the binaries onto the
# node, then run node-servant inside the node's root with the arguments the Job gives.
set -e
[ -d /openyurt/usr ] || { echo "entry.sh: the node's root is not mounted at /openyurt" >&2; exit 1; }
mkdir -p /openyurt/usr/local/servant
cp -f /usr/local/bin/node-servant /usr/local/bin/yurthub /openyurt/usr/local/servant/
exec chroot /openyurt /usr/local/servant/node-servant "$@"
EOF
chmod 0755 "$r/usr/local/bin/entry.sh"
archive "$NODE_SERVANT_IMAGE" "$r" node-servant.tar '["/usr/local/bin/entry.sh"]' '[]'

# pause: PID 1 of every pod sandbox; sleeps until it is told to stop.
r="$work/pause"; busybox_root "$r"
cat > "$r/pause" <<'EOF'
#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
EOF
chmod 0755 "$r/pause"
archive "$PAUSE_IMAGE" "$r" pause.tar '["/pause"]' 'null'

r="$work/busybox"; busybox_root "$r"
archive "$BUSYBOX_IMAGE" "$r" busybox.tar 'null' '["sh"]'
