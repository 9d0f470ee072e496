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
source "$root/installer/build-common.sh"
build_setup build-cli.sh "$root/artifacts/cli" "$@"

dotnet publish "$root/KamHp.Cli/KamHp.Cli.csproj" -c Release -r "$rid" -p:PublishAot=true -o "$work/publish" --nologo -v quiet
for f in "$work"/publish/*.so "$work"/publish/*.dylib; do
    [[ -e "$f" ]] && cp "$f" "$output/"
done
mv "$work/publish/kamhp" "$output/kamhp"
echo "$output/kamhp"
