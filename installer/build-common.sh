# Sourced by the NativeAOT build scripts (build-bundle.sh, build-cli.sh): the options they share and where they build.
#
#   build_setup NAME DEFAULT_OUTPUT "$@"
#
# reads --output DIR, --rid RID and -h/--help (the calling script's header comment), fills in the host's runtime
# identifier when --rid is not given, and sets: output (absolute, created), rid, work (a temporary folder inside
# output, removed on exit, so a failed build never replaces what is there).

host_rid() {
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) echo linux-x64 ;;
        Linux-aarch64) echo linux-arm64 ;;
        Darwin-x86_64) echo osx-x64 ;;
        Darwin-arm64) echo osx-arm64 ;;
        *) echo "$1: unsupported machine $(uname -s)-$(uname -m); pass --rid" >&2; return 1 ;;
    esac
}

build_setup() {
    local name="$1"
    output="$2"
    rid=""
    shift 2
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --output) [[ $# -ge 2 ]] || { echo "$name: --output needs a directory" >&2; exit 1; }; output="$2"; shift 2 ;;
            --rid) [[ $# -ge 2 ]] || { echo "$name: --rid needs a runtime identifier" >&2; exit 1; }; rid="$2"; shift 2 ;;
            -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
            *) echo "$name: unknown argument '$1' (see --help)" >&2; exit 1 ;;
        esac
    done

    if [[ -z "$rid" ]]; then
        rid="$(host_rid "$name")"
    fi

    mkdir -p "$output"
    output="$(cd "$output" && pwd)"
    work="$(mktemp -d "$output/.build.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
}
