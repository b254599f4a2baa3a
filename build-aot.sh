#!/usr/bin/env bash
# Native AOT publish of the appliance: one self-contained file, dist/appliance, that needs only
# glibc (libc, libm, the loader). Trim/AOT analysis warnings fail the build.
# DIST=dir puts the binary elsewhere (parallel test runs keep their own copy).
set -euo pipefail
cd "$(dirname "$0")"
dist=${DIST:-dist}

need=()
command -v clang >/dev/null || command -v gcc >/dev/null || need+=(clang)
command -v objcopy >/dev/null || need+=(binutils)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "build-aot: installing missing build prerequisites: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="${commit}-dirty"

rm -rf "$dist"
mkdir -p "$dist"
log=$(mktemp)
set +e
dotnet publish src/Appliance/Appliance.csproj -c Release -r linux-x64 \
  -p:PublishAot=true -p:StaticOpenSslLinking=true -p:InvariantGlobalization=true \
  -p:StripSymbols=true -p:SourceRevisionId="$commit" -p:IncludeSourceRevisionInInformationalVersion=true \
  -o obj/publish "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# IL trim/AOT analysis warnings (IL2xxx, IL3xxx) are errors under TreatWarningsAsErrors; count any that slipped through.
il_warnings=$(grep -cE 'warning IL[23][0-9]{3}' "$log" || true)
rm -f "$log"
if [ "$status" -ne 0 ]; then
  echo "build-aot: publish failed" >&2
  exit "$status"
fi
if [ "$il_warnings" -ne 0 ]; then
  echo "build-aot: $il_warnings trim/AOT warnings" >&2
  exit 1
fi
cp obj/publish/appliance "$dist/appliance"
echo "build-aot: $dist/appliance $(stat -c %s "$dist/appliance") bytes, 0 trim/AOT warnings, commit $commit"
