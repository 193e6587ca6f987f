#!/usr/bin/env bash
# Supply-chain checks, run by `scripts/orders.sh test` before the tests (and so by CI):
#   scripts/supply-chain.sh pins [ROOT]   every package version is central and exact: no floating `*`, no ranges, no
#                                         Version/VersionOverride on a PackageReference (exit 1 otherwise)
#   scripts/supply-chain.sh vulnerable    `dotnet list package --vulnerable --include-transitive`; exit 1 on a High or
#                                         Critical advisory. A package source without vulnerability data cannot answer:
#                                         the check then says so, and fails only when ORDERS_AUDIT_REQUIRED=1.
#   scripts/supply-chain.sh               both
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

log() { printf '[supply-chain] %s\n' "$*" >&2; }

pins() { # root
  local dir="$1" problems=0 props="$1/Directory.Packages.props" file line version
  if ! grep -q '<ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>' "$props" 2>/dev/null; then
    log "$props does not turn on central package management"
    problems=$((problems + 1))
  fi
  # An exact version: 1.2, 1.2.3 or 1.2.3.4, with an optional pre-release label. Anything else floats or is a range.
  while IFS= read -r line; do
    version="$(printf '%s' "$line" | sed -n 's/.*Version="\([^"]*\)".*/\1/p')"
    if ! printf '%s' "$version" | grep -Eq '^[0-9]+(\.[0-9]+){1,3}(-[0-9A-Za-z.-]+)?$'; then
      log "not pinned in Directory.Packages.props: $(printf '%s' "$line" | sed 's/^[[:space:]]*//')"
      problems=$((problems + 1))
    fi
  done < <(grep -E '<PackageVersion[[:space:]]' "$props" 2>/dev/null || true)
  while IFS= read -r file; do
    while IFS= read -r line; do
      log "a version outside Directory.Packages.props, in ${file#"$dir"/}: $(printf '%s' "$line" | sed 's/^[[:space:]]*//')"
      problems=$((problems + 1))
    done < <(grep -E '<PackageReference[^>]*(Version|VersionOverride)=' "$file" || true)
  done < <(find "$dir" \( -name bin -o -name obj -o -name .git \) -prune -o \( -name '*.csproj' -o -name 'Directory.Build.*' \) -type f -print)
  if [ "$problems" -gt 0 ]; then
    log "$problems package version problem(s)"
    return 1
  fi
  log "every package version is central and exact"
}

# Whether some enabled package source publishes vulnerability data (the VulnerabilityInfo resource of its v3 index).
vulnerability_data() {
  local source
  while read -r _ source; do
    case "$source" in http*) ;; *) continue ;; esac
    if curl -fsS --max-time 30 --compressed "$source" 2>/dev/null | grep -q '"VulnerabilityInfo'; then return 0; fi
  done < <(cd "$root" && dotnet nuget list source --format short 2>/dev/null | grep '^E')
  return 1
}

vulnerable() {
  if ! vulnerability_data; then
    log "VULNERABILITY AUDIT NOT RUN: no enabled package source publishes vulnerability data (VulnerabilityInfo), so"
    log "'dotnet list package --vulnerable' would report nothing whatever the packages are. Run it where the public NuGet gallery answers."
    [ "${ORDERS_AUDIT_REQUIRED:-0}" = "1" ] && return 1
    return 0
  fi
  local report
  report="$(cd "$root" && dotnet list Orders.sln package --vulnerable --include-transitive)"
  printf '%s\n' "$report" >&2
  if printf '%s\n' "$report" | grep -E '^[[:space:]]*>' | grep -Eqw 'High|Critical'; then
    log "a package has a High or Critical advisory: upgrade it (Directory.Packages.props)"
    return 1
  fi
  log "no High or Critical advisory"
}

case "${1:-all}" in
  pins) pins "${2:-$root}" ;;
  vulnerable) vulnerable ;;
  all) pins "$root"; vulnerable ;;
  *) echo "usage: $0 [pins [ROOT] | vulnerable]" >&2; exit 2 ;;
esac
