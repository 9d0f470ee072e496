#!/usr/bin/env bash
# Builds the kamhp command from source with NativeAOT: one native executable, no .NET runtime needed to run it.
#
#   installer/build-cli.sh [--output DIR] [--rid RID] [--cpu host|portable]
#
# --cpu host (the default when building for this machine): if this x86-64 CPU has AVX2 and its companions (the
# x86-64-v3 level: FMA, BMI1/2, LZCNT, MOVBE), the executable uses them: NativeAOT otherwise compiles for SSE4.2 and
# the separation's 256-bit vector code falls back to 128-bit or scalar loops (about twice the CPU time; the results
# agree to float rounding, about -135 dB: the FFT fuses its multiplies and adds where FMA exists). If it also has AVX-512 (F, BW, CD, DQ, VL: the x86-64-v4 level), the same 256-bit code
# gets 32 vector registers instead of 16, so the spatial Wiener filter keeps its values in registers instead of
# spilling them to the stack (about 15 % faster there; same results). install.sh builds on the machine it installs
# to, so host is right there. --cpu portable keeps the SSE4.2 baseline (a package built for other machines); an
# executable built for AVX2 or AVX-512 refuses to start on a CPU without it, with a message.
#
# Output (default DIR = <repo>/artifacts/cli): DIR/kamhp. It reads WAV on its own and FLAC, Ogg Vorbis, MP3,
# AIFF, W64 and RF64 through libsndfile (libsndfile1 on Debian/Ubuntu), loaded when such a file is met; `kamhp plot`
# also needs its SkiaSharp library next to it (copied into DIR when the publish produces one).
# The executable is built next to its destination and moved into place, so a failed build leaves the old one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --cpu is this script's own; the other options are build_setup's (build-common.sh).
cpu="host"
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cpu) [[ $# -ge 2 && ( "$2" == host || "$2" == portable ) ]] || { echo "build-cli.sh: --cpu needs host or portable" >&2; exit 1; }; cpu="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

source "$root/installer/build-common.sh"
build_setup build-cli.sh "$root/artifacts/cli" "${args[@]}"

cpu_options=()
if [[ "$cpu" == host && "$rid" == linux-x64 && "$(host_rid build-cli.sh 2>/dev/null || true)" == linux-x64 ]]; then
    flags="$(grep -m 1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
    level3=1
    for flag in avx2 fma bmi1 bmi2 abm movbe; do
        [[ " $flags " == *" $flag "* ]] || level3=0
    done
    level4=$level3
    for flag in avx512f avx512bw avx512cd avx512dq avx512vl; do
        [[ " $flags " == *" $flag "* ]] || level4=0
    done
    if [[ $level4 -eq 1 ]]; then
        cpu_options=(-p:IlcInstructionSet=x86-64-v4)
    elif [[ $level3 -eq 1 ]]; then
        cpu_options=(-p:IlcInstructionSet=avx2)
    fi
fi

dotnet publish "$root/KamHp.Cli/KamHp.Cli.csproj" -c Release -r "$rid" -p:PublishAot=true "${cpu_options[@]}" -o "$work/publish" --nologo -v quiet
for f in "$work"/publish/*.so "$work"/publish/*.dylib; do
    [[ -e "$f" ]] && cp "$f" "$output/"
done
mv "$work/publish/kamhp" "$output/kamhp"
echo "$output/kamhp"
