#!/usr/bin/env bash
# Builds a Debian package that installs the KamHp VST3 plugin to /usr/lib/vst3/KamHp.vst3 and the kamhp
# command to /usr/bin/kamhp (NativeAOT; reads FLAC/Ogg/MP3/AIFF through libsndfile1, which the package recommends).
#
#   installer/build-deb.sh [--output DIR] [--bundle PATH] [--kamhp PATH]
#
# Builds both first (installer/build-bundle.sh, installer/build-cli.sh) unless --bundle or --kamhp name prebuilt
# ones; given only one of them, the package carries only that one. Writes
# DIR/kamhp-vst3_<version>_<arch>.deb (default DIR = <repo>/artifacts) and prints its path.
# Install with: sudo apt install ./artifacts/kamhp-vst3_<version>_amd64.deb
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
output="$root/artifacts"
bundle=""
kamhp=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --output) output="$2"; shift 2 ;;
        --bundle) bundle="$2"; shift 2 ;;
        --kamhp) kamhp="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "build-deb.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
    esac
done

command -v dpkg-deb >/dev/null || { echo "build-deb.sh: dpkg-deb not found" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
with_kamhp=1
if [[ -n "$bundle" && -z "$kamhp" ]]; then
    with_kamhp=0
fi
if [[ -z "$bundle" ]]; then
    bundle="$("$here/build-bundle.sh" --output "$work/bundle" | tail -n 1)"
fi
if [[ $with_kamhp -eq 1 && -z "$kamhp" ]]; then
    kamhp="$("$here/build-cli.sh" --output "$work/cli" --cpu portable | tail -n 1)"
fi

case "$(ls "$bundle/Contents")" in
    *x86_64-linux*) arch=amd64 ;;
    *aarch64-linux*) arch=arm64 ;;
    *) echo "build-deb.sh: $bundle holds no Linux binary" >&2; exit 2 ;;
esac
version="$(sed -n 's/.*Version = "\([0-9.]*\)".*/\1/p' "$root/KamHp.Vst3/PluginInfo.cs" | head -n 1)"

pkg="$work/pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/lib/vst3" "$pkg/usr/share/doc/kamhp-vst3"
cp -R "$bundle" "$pkg/usr/lib/vst3/KamHp.vst3"
if [[ $with_kamhp -eq 1 ]]; then
    # kamhp looks for its native libraries (SkiaSharp, for kamhp plot) next to itself: keep them together.
    mkdir -p "$pkg/usr/lib/kamhp" "$pkg/usr/bin"
    cp "$kamhp" "$pkg/usr/lib/kamhp/kamhp"
    for lib in "$(dirname "$kamhp")"/*.so; do
        [[ -e "$lib" ]] && cp "$lib" "$pkg/usr/lib/kamhp/"
    done
    ln -s ../lib/kamhp/kamhp "$pkg/usr/bin/kamhp"
fi
find "$pkg/usr" -type d -exec chmod 0755 {} +
find "$pkg/usr" -type f -exec chmod 0644 {} +
[[ $with_kamhp -eq 0 ]] || chmod 0755 "$pkg/usr/lib/kamhp/kamhp"
printf 'KamHp VST3 plugin: harmonic/percussive separation by Kernel Additive Modelling.\nBuilt from the KamHp sources with .NET NativeAOT.\n' \
    > "$pkg/usr/share/doc/kamhp-vst3/README"
size_kb="$(du -sk "$pkg/usr" | cut -f1)"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: kamhp-vst3
Version: $version
Section: sound
Priority: optional
Architecture: $arch
Depends: libc6 (>= 2.28)
Recommends: libsndfile1
Installed-Size: $size_kb
Maintainer: KamHp developers <kamhp@localhost>
Description: Harmonic/percussive separation VST3 plugin (KamHp)
 Splits audio into its harmonic part (sustained, pitched sounds) and its
 percussive part (drums, transients) in real time, with Kernel Additive
 Modelling (FitzGerald et al. 2014). Installs /usr/lib/vst3/KamHp.vst3 and,
 when built with it, the kamhp command (/usr/bin/kamhp) for files.
CONTROL

mkdir -p "$output"
deb="$output/kamhp-vst3_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$pkg" "$deb.tmp" >/dev/null
mv "$deb.tmp" "$deb"
echo "$deb"
