#!/usr/bin/env bash
# Assembles the FROM-scratch root filesystem into a directory: the appliance binary plus exactly the
# files listed in deploy/scratch-files.txt. Dockerfile.scratch runs this same script, so the chroot
# test here and the container image hold the same files.
# Usage: deploy/scratch-rootfs.sh [--runtime-devices] BINARY ROOTFS_DIR
#   --runtime-devices  also create /dev/null, /dev/zero, /dev/random and /dev/urandom, as a container
#                      runtime does for every container; for running the root with plain chroot.
set -euo pipefail
devices=false
if [ "${1:-}" = "--runtime-devices" ]; then devices=true; shift; fi
binary=${1:?binary}
root=${2:?rootfs directory}
list="$(dirname "$0")/scratch-files.txt"

rm -rf "$root"
mkdir -p "$root/tmp" "$root/etc/appliance"
chmod 1777 "$root/tmp"
grep -vE '^\s*(#|$)' "$list" | while read -r file; do
  [ -e "$file" ] || { echo "scratch-rootfs: $file is missing on this machine" >&2; exit 1; }
  mkdir -p "$root$(dirname "$file")"
  cp -L "$file" "$root$file"
done
cp "$binary" "$root/appliance"
if $devices; then
  mkdir -p "$root/dev"
  mknod -m 666 "$root/dev/null" c 1 3
  mknod -m 666 "$root/dev/zero" c 1 5
  mknod -m 666 "$root/dev/random" c 1 8
  mknod -m 666 "$root/dev/urandom" c 1 9
fi
echo "scratch-rootfs: $(find "$root" -type f | wc -l) files in $root"
