#!/usr/bin/env bash
# Run a command on a fresh, minimal Debian 12 (bookworm) root file system, in a clean clone of this
# repository's HEAD (as committed): what a new user's machine has, nothing installed beyond
# mmdebstrap's "apt" variant + ca-certificates + git. Proves README's commands work from scratch.
#
#   bash .ci/fresh-root.sh [--] COMMAND...
#   bash .ci/fresh-root.sh -- bash tests/run.sh
#   bash .ci/fresh-root.sh -- bash bench/run.sh --quick
#   bash .ci/fresh-root.sh -- bash -c 'bash tests/run.sh && bash bench/run.sh --quick'
#
# Needs root (chroot, mounts); installs mmdebstrap with apt-get when it is missing. The base root is
# built once with mmdebstrap from the machine's own Debian mirror (the first URIs: of
# /etc/apt/sources.list.d/debian.sources, else the first deb line of /etc/apt/sources.list; plus
# bookworm-updates and, when the machine lists one, bookworm-security) and cached as a tarball.
# Each run extracts a clean copy into a new directory, clones HEAD to /srv/simdconv in it, mounts
# /proc, /sys and /dev, and runs COMMAND there (bash, as root, in /srv/simdconv) with a clean
# environment: HOME, PATH, LANG, TERM and CI only. On exit (any exit: a trap) the mounts are
# undone and the copy is removed. Exit status: COMMAND's (2: usage, 3: setting up the root failed).
#
# Environment:
#   SIMDCONV_FRESH_CACHE     cache folder (default /var/cache/simdconv-fresh-root): the base tarball,
#                            and archives/, downloaded .deb files kept between runs (see below)
#   SIMDCONV_FRESH_REBUILD=1 rebuild the base tarball (it is also rebuilt when older than
#                            SIMDCONV_FRESH_MAX_AGE_DAYS, default 7, or when the mirror changed)
#   SIMDCONV_FRESH_APT_CACHE=0  do not reuse downloaded .deb files (default 1: the cache's
#                            archives/ are linked into the root's /var/cache/apt/archives before the
#                            command and what it downloaded is linked back after it; apt still
#                            decides what to install from scratch and checks every file's hash;
#                            concurrent runs share nothing but these links. rm -r it to reset)
#   SIMDCONV_FRESH_KEEP=1    keep the root afterwards (its path is printed; mounts are undone)
#   SIMDCONV_FRESH_DIR       where the per-run copies go (default /var/tmp)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ ${1:-} == -- ]] && shift
if (($# == 0)); then
  echo "usage: $0 [--] COMMAND..." >&2
  exit 2
fi
[[ $(id -u) == 0 ]] || { echo "fresh-root: needs root (chroot and mounts)" >&2; exit 2; }
git -C "$repo" rev-parse --verify -q HEAD >/dev/null || { echo "fresh-root: $repo has no commit" >&2; exit 2; }

say() { printf 'fresh-root: %s\n' "$*" >&2; }
fail() { say "$*"; exit 3; }
suite=bookworm
cache=${SIMDCONV_FRESH_CACHE:-/var/cache/simdconv-fresh-root}
tarball=$cache/$suite-apt-git.tar
stamp=$tarball.sources # the sources the tarball was built from
t_start=$SECONDS

# ---- the machine's Debian mirror --------------------------------------------------------------
# mirror_uris: "MAIN SECURITY" (SECURITY may be empty) from the machine's apt configuration.
mirror_uris() {
  local f=/etc/apt/sources.list.d/debian.sources main="" sec=""
  if [[ -r $f ]]; then
    # deb822 stanzas: the first URI of a stanza without -security suites is the main mirror
    read -r main sec < <(awk '
      function flush() { if (uri != "") { if (suites ~ /-security/) { if (s == "") s = uri } else if (m == "") m = uri }
                         uri = ""; suites = "" }
      /^[ \t]*$/ { flush(); next }
      /^URIs:/ { uri = $2 } /^Suites:/ { suites = $0 }
      END { flush(); print m, s }' "$f") || true
  fi
  if [[ -z $main && -r /etc/apt/sources.list ]]; then
    # deb [options] URI SUITE COMPONENTS...
    read -r main sec < <(awk '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i + 1) ~ /-security/) { if (s == "") s = $i } else if (m == "") m = $i }
      END { print m, s }' /etc/apt/sources.list) || true
  fi
  [[ -n $main ]] || main=http://deb.debian.org/debian
  echo "$main $sec"
}
read -r mirror security < <(mirror_uris)
sources=("deb $mirror $suite main" "deb $mirror $suite-updates main")
[[ -n $security ]] && sources+=("deb $security $suite-security main")

# ---- the cached base root ---------------------------------------------------------------------
max_age=${SIMDCONV_FRESH_MAX_AGE_DAYS:-7}
want_stamp=$(printf '%s\n' "variant=apt include=ca-certificates,git" "${sources[@]}")
rebuild=${SIMDCONV_FRESH_REBUILD:-0}
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9 # one build at a time; a run waiting here then uses the tarball just built
if [[ ! -s $tarball || ! -f $stamp ]] || [[ $(cat "$stamp") != "$want_stamp" ]] ||
   [[ -n $(find "$tarball" -mtime +"$max_age" 2>/dev/null) ]]; then
  rebuild=1
fi
if [[ $rebuild == 1 ]]; then
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    say "installing mmdebstrap"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap; } >&2 ||
      fail "could not install mmdebstrap"
  fi
  say "building the base root ($suite, variant apt + ca-certificates, git) from $mirror${security:+ and $security}"
  t0=$SECONDS
  rm -f "$tarball.tmp"
  mmdebstrap --variant=apt --include=ca-certificates,git --format=tar "$suite" "$tarball.tmp" "${sources[@]}" >&2 ||
    { rm -f "$tarball.tmp"; fail "mmdebstrap failed"; }
  mv "$tarball.tmp" "$tarball"
  printf '%s\n' "$want_stamp" >"$stamp"
  say "base root built in $((SECONDS - t0)) s: $tarball ($(du -h "$tarball" | cut -f1))"
fi
exec 9>&-

# ---- a clean copy of it -----------------------------------------------------------------------
mkdir -p "${SIMDCONV_FRESH_DIR:-/var/tmp}"
root=$(mktemp -d "${SIMDCONV_FRESH_DIR:-/var/tmp}/simdconv-fresh-root.XXXXXX")
mounts=() # mount points, in mount order
child=""  # the command's process group (setsid), while it runs

# mounted_under DIR: the mount points at or below DIR (from /proc/self/mountinfo)
mounted_under() { awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo; }
cleanup() {
  local rc=$? i m
  trap - EXIT INT TERM HUP
  set +e # every step below runs, whatever the one before returned
  if [[ -n $child ]] && kill -0 -- "-$child" 2>/dev/null; then
    # interrupted: stop the command (its whole process group), then undo the mounts
    say "stopping the command"
    kill -TERM -- "-$child" 2>/dev/null
    for ((i = 0; i < 20; i++)); do
      kill -0 -- "-$child" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    m=${mounts[i]}
    [[ -n $(mounted_under "$m") ]] || continue
    umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null || say "could not unmount $m"
  done
  if [[ -n $(mounted_under "$root") ]]; then
    # never rm -rf a tree with the host's /dev or /sys mounted inside
    say "mounts remain under $root, not removing it:"$'\n'"$(mounted_under "$root")"
    ((rc)) || rc=3
  elif [[ ${SIMDCONV_FRESH_KEEP:-0} == 1 ]]; then
    say "kept $root"
  else
    rm -rf --one-file-system "$root"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# mount_in KIND TARGET: KIND proc, or a host folder to bind recursively (kept a slave: nothing
# unmounted in the root propagates back to the host)
mount_in() {
  local what=$1 target=$root$2
  mkdir -p "$target"
  if [[ $what == proc ]]; then
    mount -t proc proc "$target"
  else
    mount --rbind "$what" "$target"
  fi
  mounts+=("$target")
  [[ $what == proc ]] || mount --make-rslave "$target"
}

t0=$SECONDS
tar -C "$root" -xf "$tarball" || fail "could not extract $tarball"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# the machine's apt transport settings (proxies, date checks of a snapshot mirror), nothing else
for f in /etc/apt/apt.conf.d/*; do
  [[ -f $f ]] && grep -qiE '^[[:space:]]*Acquire::' "$f" && cp "$f" "$root/etc/apt/apt.conf.d/"
done
mkdir -p "$root/srv"
head=$(git -C "$repo" rev-parse HEAD)
git clone -q --no-hardlinks "$repo" "$root/srv/simdconv" || fail "git clone failed"
git -C "$root/srv/simdconv" checkout -q --detach "$head" || fail "git checkout $head failed"
mount_in proc /proc
mount_in /sys /sys
mount_in /dev /dev
debs=$root/var/cache/apt/archives
# link_debs FROM TO: every .deb of FROM into TO, hard links where possible, existing ones kept
link_debs() {
  find "$1" -maxdepth 1 -name '*.deb' -type f -exec cp -n -l -t "$2" {} + 2>/dev/null ||
    find "$1" -maxdepth 1 -name '*.deb' -type f -exec cp -n -t "$2" {} + || true
}
if [[ ${SIMDCONV_FRESH_APT_CACHE:-1} == 1 ]]; then
  mkdir -p "$cache/archives" "$debs/partial"
  link_debs "$cache/archives" "$debs"
  # keep what apt downloads (apt-get does by default; `apt` does not)
  echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' >"$root/etc/apt/apt.conf.d/99simdconv-fresh-root-keep-debs"
fi
say "$(git -C "$repo" log -1 --format='%h %s' | cut -c1-90)"
cmdline=$(printf '%q ' "$@")
((${#cmdline} <= 160)) || cmdline="${cmdline:0:157}..."
say "root $root ready in $((SECONDS - t0)) s; running: $cmdline"

# ---- the command ------------------------------------------------------------------------------
t0=$SECONDS
# In its own process group (setsid; a background job: the signal traps run at once, and cleanup
# can stop every process the command started).
set +e
setsid chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c 'cd /srv/simdconv && exec "$@"' bash "$@" </dev/null &
child=$!
wait "$child"
rc=$?
child=""
set -e
[[ ${SIMDCONV_FRESH_APT_CACHE:-1} == 1 ]] && link_debs "$debs" "$cache/archives"
say "exit $rc after $((SECONDS - t0)) s (total $((SECONDS - t_start)) s)"
exit "$rc"
