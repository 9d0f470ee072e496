#!/usr/bin/env bash
# Builds the kamhp command from source with NativeAOT: one native executable, no .NET runtime needed to run it.
#
#   installer/build-cli.sh [--output DIR] [--rid RID]
#
# Output (default DIR = <repo>/artifacts/cli): DIR/kamhp. It reads WAV on its own and FLAC, Ogg Vorbis, MP3,
# AIFF, W64 and RF64 through libsndfile (libsndfile1 on Debian/Ubuntu), loaded when such a file is met; `kamhp plot`
# also needs its SkiaSharp library next to it (copied into DIR when the publish produces one).
# The executable is built next to its destination and moved into place, so a failed build leaves the old one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$root/artifacts/cli"
rid=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --output) [[ $# -ge 2 ]] || { echo "build-cli.sh: --output needs a directory" >&2; exit 1; }; output="$2"; shift 2 ;;
        --rid) [[ $# -ge 2 ]] || { echo "build-cli.sh: --rid needs a runtime identifier" >&2; exit 1; }; rid="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "build-cli.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
    esac
done

if [[ -z "$rid" ]]; then
    source "$root/installer/host-rid.sh"
    rid="$(host_rid build-cli.sh)"
fi

mkdir -p "$output"
output="$(cd "$output" && pwd)"
work="$(mktemp -d "$output/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/KamHp.Cli/KamHp.Cli.csproj" -c Release -r "$rid" -p:PublishAot=true -o "$work/publish" --nologo -v quiet
for f in "$work"/publish/*.so "$work"/publish/*.dylib; do
    [[ -e "$f" ]] && cp "$f" "$output/"
done
mv "$work/publish/kamhp" "$output/kamhp"
echo "$output/kamhp"
