#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to PublicAPI.Unshipped.txt of the project given.
# Use it for deliberate API additions only, then review the diff: the tracked files are the public contract.
# Usage: eng/update-public-api.sh src/Retention.Core
set -euo pipefail
project=${1:?project folder}
unshipped="$project/PublicAPI.Unshipped.txt"
symbols=$(dotnet build "$project" --no-incremental 2>&1 | grep -o "error RS0016: Symbol '[^']*'" | sed "s/error RS0016: Symbol '//; s/'$//" | sort -u || true)
if [ -z "$symbols" ]; then echo "public API files are up to date"; exit 0; fi
{ tail -n +2 "$unshipped"; printf '%s\n' "$symbols"; } | grep -v '^$' | sort -u > "$unshipped.tmp"
{ echo '#nullable enable'; cat "$unshipped.tmp"; } > "$unshipped"
rm "$unshipped.tmp"
echo "added $(printf '%s\n' "$symbols" | wc -l) symbols to $unshipped"
