#!/usr/bin/env bash
# Builds the local base image outage-lab/base-jre:17 (Debian bookworm, minbase, with a headless Java 17
# runtime) for machines that cannot pull from a registry: debootstrap from the machine's own apt mirror,
# then `docker import`. The services' Dockerfiles take it with --build-arg BASE_IMAGE=outage-lab/base-jre:17
# (their default stays a public image). Idempotent: does nothing when the image already exists.
#
#   k8s/images/base-image.sh [--dry-run]
#
# Settings (environment): BASE_IMAGE (outage-lab/base-jre:17), SUITE (bookworm),
# MIRROR (default: the first mirror the machine's apt sources use for SUITE; read at run time, never stored).
set -euo pipefail

image=${BASE_IMAGE:-outage-lab/base-jre:17}
suite=${SUITE:-bookworm}
dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true

run() {
  echo "+ $*"
  $dry_run || "$@"
}

if ! $dry_run && docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image exists; nothing to do"
  exit 0
fi

# apt itself parses both source formats (sources.list and deb822 .sources), so ask it for the site.
mirror=${MIRROR:-$(apt-get indextargets --no-release-info --format '$(SITE) $(RELEASE) $(TARGET_OF)' \
  | awk -v suite="$suite" '$2 == suite && $3 == "deb" { print $1; exit }')}
if [ -z "$mirror" ]; then
  echo "no apt source for suite $suite on this machine; set MIRROR=<debian mirror URL>" >&2
  exit 1
fi

root=$(mktemp -d "${TMPDIR:-/var/tmp}/outage-lab-base.XXXXXX")
trap 'rm -rf "$root"' EXIT

# minbase keeps bash (the images' HEALTHCHECK uses it); ca-certificates for any TLS the JRE makes.
run debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$root" "$mirror"
# Smaller image: no package caches, no apt lists (the image is never updated in place, only rebuilt).
run find "$root/var/cache/apt/archives" "$root/var/lib/apt/lists" -type f -delete
run rm -rf "$root/usr/share/doc" "$root/usr/share/man"
run bash -c "tar --numeric-owner -C '$root' -c . | docker import \
  --change 'ENV LANG=C.UTF-8' --change 'CMD [\"bash\"]' \
  --message 'debootstrap $suite minbase + openjdk-17-jre-headless' - '$image'"
echo "built $image"
