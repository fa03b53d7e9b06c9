#!/usr/bin/env bash
# Install LibreOffice 25.2 from bookworm-backports into a private prefix, side by side with the
# system LibreOffice (7.4 on Debian 12), without touching dpkg's database: the .deb files are
# fetched with `apt-get download` and unpacked with `dpkg-deb -x`. Nothing outside the prefix is
# changed, except that `apt-get update` runs (as root) if the backports index is missing.
#
# Usage:
#   scripts/install-libreoffice-25.sh [--force] [PREFIX]   install (default PREFIX /opt/libreoffice-25)
#   scripts/install-libreoffice-25.sh --print-path [PREFIX] print the soffice path if installed, else exit 1
#
# Progress and the one-line summary go to stderr; the only thing on stdout is the soffice path, so
#   SOFFICE=$(scripts/install-libreoffice-25.sh)
# installs if needed and gives the binary. Convert with a fresh profile, e.g.
#   "$SOFFICE" --headless -env:UserInstallation=file:///tmp/lo25-profile-$$ --convert-to pdf x.docx
#
# Environment: LO25_SUITE (default bookworm-backports), LO25_SERIES (default 25.2).
# shellcheck disable=SC2016  # '${ORIGIN}', '$SYSUSERCONFIG' are LibreOffice macros, not shell
set -euo pipefail

SUITE="${LO25_SUITE:-bookworm-backports}"
SERIES="${LO25_SERIES:-25.2}"
MARKER=".installed-by-install-libreoffice-25"
SOFFICE_REL="usr/lib/libreoffice/program/soffice"
# Binary packages of the libreoffice source needed for headless Writer. They are requested
# explicitly so that apt plans them all (and picks the -nogui core); apt adds the rest.
BASE_PKGS=(libreoffice-writer-nogui libreoffice-core-nogui libreoffice-base-core libreoffice-common
  libreoffice-uiconfig-common libreoffice-style-colibre ure uno-libs-private libuno-sal3
  libuno-salhelpergcc3-3 libuno-cppu3 libuno-cppuhelpergcc3-3 libuno-purpenvhelpergcc3-3)

START=$SECONDS
log() { printf '%s\n' "install-libreoffice-25: $*" >&2; }
die() { printf '%s\n' "install-libreoffice-25: ERROR: $*" >&2; exit 1; }

mode=install force=0 prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --print-path) mode=print ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$prefix" ] || die "only one PREFIX may be given"; prefix="$1" ;;
  esac
  shift
done
prefix="${prefix:-/opt/libreoffice-25}"
prefix="$(realpath -m -- "$prefix")"
# Prefix goes into sed replacements and file: URLs; keep it to plain path characters.
[[ "$prefix" =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "PREFIX '$prefix' must be an absolute path of letters, digits and ._/+- only"
[ "$prefix" != / ] || die "PREFIX must not be /"
soffice="$prefix/$SOFFICE_REL"

# Prints "LibreOffice 25.2.x.y" if $1 is a working soffice of the wanted series.
lo_version() {
  local bin="$1" out prof
  [ -x "$bin" ] || return 1
  prof="$(mktemp -d "${TMPDIR:-/tmp}/lo25-check.XXXXXX")"
  out="$("$bin" --headless "-env:UserInstallation=file://$prof" --version 2>/dev/null </dev/null || true)"
  rm -rf "$prof"
  out="$(printf '%s\n' "$out" | grep -o "^LibreOffice ${SERIES//./\\.}[0-9.]*" | head -n1)"
  [ -n "$out" ] && printf '%s\n' "$out"
}

if [ "$mode" = print ]; then
  lo_version "$soffice" >/dev/null || die "LibreOffice $SERIES is not installed in $prefix (run $0 ${prefix})"
  printf '%s\n' "$soffice"
  exit 0
fi

if [ "$force" = 0 ] && v="$(lo_version "$soffice")"; then
  log "OK: $v already installed in $prefix (nothing to do)"
  printf '%s\n' "$soffice"
  exit 0
fi

for tool in apt-get apt-cache dpkg-deb ldd realpath; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done

parent="$(dirname "$prefix")"
mkdir -p "$parent" || die "cannot create $parent (run as root for a prefix under /opt)"
[ -w "$parent" ] || die "$parent is not writable (run as root for a prefix under /opt)"

# Serialise concurrent runs (lock the parent directory itself; no lock file is left behind).
if command -v flock >/dev/null 2>&1; then
  exec 9<"$parent"
  flock 9 || die "cannot lock $parent"
  if [ "$force" = 0 ] && v="$(lo_version "$soffice")"; then
    log "OK: $v already installed in $prefix by a concurrent run (nothing to do)"
    printf '%s\n' "$soffice"
    exit 0
  fi
fi

# Refuse to replace a directory that this script did not create.
if [ -e "$prefix" ] && [ ! -e "$prefix/$MARKER" ]; then
  [ -d "$prefix" ] && [ -z "$(ls -A "$prefix")" ] ||
    die "$prefix exists and was not created by this script; remove it or choose another PREFIX"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lo25-debs.XXXXXX")"
stage="$prefix.partial.$$"
cleanup() { rm -rf "$work" "$stage" "$prefix.old.$$"; }
trap cleanup EXIT

# 1. Is a $SERIES candidate known in $SUITE? If not, refresh the indexes once (root only).
suite_version() {
  apt-cache policy -t "$SUITE" libreoffice-writer-nogui 2>/dev/null |
    awk '/Candidate:/ {print $2}' | grep -E "^([0-9]+:)?${SERIES//./\\.}\." || true
}
target="$(suite_version)"
if [ -z "$target" ]; then
  if [ "$(id -u)" = 0 ]; then
    log "no LibreOffice $SERIES candidate in $SUITE yet; running apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    target="$(suite_version)"
  fi
  [ -n "$target" ] || die "apt knows no libreoffice-writer-nogui $SERIES in '$SUITE'; is $SUITE in the apt sources (and apt-get update run)?"
fi
log "target libreoffice-writer-nogui $target from $SUITE"

# 2. Ask apt what installing it would install or upgrade; that is exactly the set whose
#    system version is missing or too old. The simulation changes nothing.
sim="$(LC_ALL=C apt-get install --simulate --no-install-recommends -t "$SUITE" "${BASE_PKGS[@]}" 2>&1)" ||
  die "apt cannot resolve LibreOffice $target from $SUITE:
$(printf '%s\n' "$sim" | grep -E '^(E:| )' | head -n 20)"
mapfile -t wanted < <(printf '%s\n' "$sim" | sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1=\3/p')
# Requested packages that apt did not list (already at the target version system-wide) are
# still needed inside the prefix.
declare -A planned=()
for w in "${wanted[@]}"; do planned["${w%%=*}"]=1; done
for p in "${BASE_PKGS[@]}"; do
  [ -n "${planned[$p]:-}" ] || wanted+=("$p=$target")
done
[ ${#wanted[@]} -gt 0 ] || die "apt simulation listed no packages:
$sim"
log "${#wanted[@]} packages: ${wanted[*]}"

# 3. Download (verified against the signed indexes by apt).
if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$work"; fi
(cd "$work" && apt-get download -q "${wanted[@]}" >/dev/null 2>"$work/download.err") || {
  sed -n '1,20p' "$work/download.err" >&2; die "apt-get download failed"; }
ndebs=$(find "$work" -maxdepth 1 -name '*.deb' | wc -l)
[ "$ndebs" -eq ${#wanted[@]} ] || die "expected ${#wanted[@]} .deb files, got $ndebs"

# 4. Unpack into a staging directory next to the prefix.
mkdir -p "$stage"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$stage" || die "cannot unpack $(basename "$deb")"
done
prog="$stage/usr/lib/libreoffice/program"
for f in soffice soffice.bin oosplash libmergedlo.so libswlo.so fundamentalrc bootstraprc sofficerc \
         types.rdb services.rdb; do
  [ -e "$prog/$f" ] || die "unpacked tree lacks program/$f; the package layout has changed"
done

# 5. Make the tree self-contained.
# 5a. Debian hard-codes the install dir; make it relative to program/ as upstream does.
sed -i 's|^BRAND_BASE_DIR=file:///usr/lib/libreoffice$|BRAND_BASE_DIR=${ORIGIN}/..|' "$prog/fundamentalrc"
grep -qxF 'BRAND_BASE_DIR=${ORIGIN}/..' "$prog/fundamentalrc" || die "cannot rewrite BRAND_BASE_DIR in fundamentalrc"
sed -i 's|^FHS_CONFIG_FILE=file:///etc/libreoffice/sofficerc$|FHS_CONFIG_FILE=${ORIGIN}/../../../../etc/libreoffice/sofficerc|' "$prog/sofficerc"
# 5b. Own default profile, so 25.2 never upgrades the 7.4 profile in ~/.config/libreoffice/4.
sed -i 's|^UserInstallation=\$SYSUSERCONFIG/libreoffice/4$|UserInstallation=$SYSUSERCONFIG/libreoffice-25/4|' "$prog/bootstraprc"
grep -qF 'libreoffice-25/4' "$prog/bootstraprc" || log "warning: bootstraprc not rewritten; default profile is shared with the system LibreOffice"
# 5c. What libreoffice-common's postinst does with ucf: the registry main.xcd.
mkdir -p "$stage/etc/libreoffice/registry"
cp "$stage/usr/lib/libreoffice/share/.registry/main.xcd" "$stage/etc/libreoffice/registry/main.xcd"
# 5d. Absolute symlinks (into /etc, /var, /usr) would reach the system 7.4 files: point them
#     into the prefix instead.
while IFS= read -r -d '' link; do
  t="$(readlink "$link")"
  case "$t" in /var/*) mkdir -p "$stage$t" ;; esac
  if [ -e "$stage$t" ]; then
    ln -srfn "$stage$t" "$link"
  else
    log "warning: removing dangling symlink ${link#"$stage"} -> $t"
    rm -f "$link"
  fi
done < <(find "$stage" -type l -lname '/*' -print0)
# 5e. Libraries unpacked from non-LibreOffice packages (newer or missing on the system): link
#     them into program/, which is on every LibreOffice binary's RUNPATH ($ORIGIN). No
#     LD_LIBRARY_PATH is needed (and it would break $ORIGIN lookups of the libuno_* links).
for libdir in "$stage"/usr/lib/*-linux-gnu* "$stage"/lib/*-linux-gnu*; do
  [ -d "$libdir" ] || continue
  for lib in "$libdir"/*.so.*; do
    [ -e "$lib" ] || continue
    if [ ! -e "$prog/$(basename "$lib")" ]; then ln -sr "$lib" "$prog/$(basename "$lib")"; fi
  done
done
# 5f. The 25.2 OpenSymbol font; LibreOffice adds share/fonts/truetype to its font path.
for ttf in "$stage"/usr/share/fonts/truetype/libreoffice/*.ttf; do
  [ -e "$ttf" ] || continue
  mkdir -p "$stage/usr/lib/libreoffice/share/fonts/truetype"
  ln -srf "$ttf" "$stage/usr/lib/libreoffice/share/fonts/truetype/$(basename "$ttf")"
done
# 5g. Wrapper scripts that call /usr/lib/libreoffice directly.
for f in "$stage"/usr/bin/* "$prog/unopkg" "$prog/java-set-classpath"; do
  if [ -f "$f" ] && [ ! -L "$f" ]; then sed -i "s|/usr/lib/libreoffice|$prefix/usr/lib/libreoffice|g" "$f"; fi
done

# 6. Check: every shared object resolves, the version is right, and Writer converts to PDF.
missing="$(cd "$prog" && for f in soffice.bin oosplash *.so *.so.*; do
  if [ -f "$f" ]; then ldd "./$f" 2>/dev/null | sed -n "s|^[[:space:]]*\(.*\) => not found|$f needs \1|p"; fi
  done | sort -u || true)"
[ -z "$missing" ] || die "unresolved libraries:
$missing"
v="$(lo_version "$prog/soffice")" || die "unpacked soffice does not report LibreOffice $SERIES: $("$prog/soffice" --version 2>&1 | head -n 3)"
smoke="$work/smoke"
mkdir -p "$smoke"
printf 'LibreOffice %s smoke test\n' "$SERIES" >"$smoke/smoke.txt"
"$prog/soffice" --headless "-env:UserInstallation=file://$smoke/profile" --convert-to pdf \
  --outdir "$smoke" "$smoke/smoke.txt" >"$smoke/log" 2>&1 </dev/null || true
[ -s "$smoke/smoke.pdf" ] || die "smoke conversion txt->pdf failed:
$(cat "$smoke/log")"

# 7. Move into place (replacing an earlier install by this script, if any).
printf 'version=%s\nsuite=%s\npackages=%s\n' "$target" "$SUITE" "${wanted[*]}" >"$stage/$MARKER"
if [ -e "$prefix" ]; then
  if [ -e "$prefix/$MARKER" ]; then mv "$prefix" "$prefix.old.$$"; else rmdir "$prefix"; fi
fi
mv "$stage" "$prefix"
rm -rf "$prefix.old.$$"

v="$(lo_version "$soffice")" || die "installed soffice at $soffice does not start"
size="$(du -sh "$prefix" | cut -f1)"
log "OK: $v installed in $prefix (${#wanted[@]} packages from $SUITE, $size, $((SECONDS - START))s); system LibreOffice untouched"
printf '%s\n' "$soffice"
