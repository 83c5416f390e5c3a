#!/usr/bin/env bash
# Publishes examples/libs/churn_features to a local bare git repository (tag v0.1.0), makes a
# project that depends on it with `lathe add`, runs examples/uses_library.mlx there, then
# deletes the repository and runs it again from the project's .lathe/packages cache.
#
#   tools/packages/try_uses_library.sh [LATHE_BINARY]   (default .build/debug/lathe)
#
# Everything happens in a fresh temporary folder; no network is used.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
lathe="${1:-$root/.build/debug/lathe}"
[[ "$lathe" = /* ]] || lathe="$PWD/$lathe"
work="$(mktemp -d "${TMPDIR:-/tmp}/lathe-uses-library.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export LATHE_HOME="$work/home"
git_quiet() { git -c user.name=lathe -c user.email=lathe@example.invalid -c init.defaultBranch=main "$@" >/dev/null 2>&1; }

# 1. The library, published as a bare repository with a version tag.
git_quiet init --bare "$work/git/churn_features.git"
cp -R "$root/examples/libs/churn_features" "$work/publish"
git_quiet -C "$work/publish" init
git_quiet -C "$work/publish" add -A
git_quiet -C "$work/publish" commit -m "churn_features 0.1.0"
git_quiet -C "$work/publish" tag v0.1.0
git_quiet -C "$work/publish" push "$work/git/churn_features.git" main v0.1.0

# 2. A project that uses it.
cd "$work"
"$lathe" new --script app >/dev/null
cp "$root/examples/uses_library.mlx" app/
cd app
"$lathe" add "file://$work/git/churn_features.git@v0.1.0"
"$lathe" install --frozen
"$lathe" packages
"$lathe" run uses_library.mlx

# 3. Offline: the repository is gone, the cache and lathe.lock are enough.
rm -rf "$work/git"
"$lathe" install --frozen
"$lathe" run uses_library.mlx
echo "uses_library: ok (online and offline)"
