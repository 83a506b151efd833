#!/usr/bin/env bash
# Mutation testing of Retention.Core with dotnet-stryker (pinned in .config/dotnet-tools.json).
#
#   eng/mutation-test.sh scoring      # the calculators and scoring code (docs/testing.md#mutation-testing)
#   eng/mutation-test.sh all          # the whole of Retention.Core (hours on 2 cores)
#   eng/mutation-test.sh scoring -m '**/Rfm/NtileRanker.cs'   # extra arguments go to Stryker (here: one file)
#
# Settings are in stryker-config.json: Microsoft Testing Platform runner, per-test coverage captured in isolation
# (one fresh test host per test; the only mode that gives per-test coverage with xunit v3 here, see docs/testing.md).
# The report goes to artifacts/mutation/<scope>/ (git-ignored): reports/mutation-report.html, .json and .md.
# Not part of .ci/run: too slow for every CI run. Run one Stryker at a time on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scope=${1:-}
shift || true

# The calculators and scoring code: every metric calculator and the RFM scoring (ranking, cut points, scores,
# segment rules). Not included: the RFM customer summaries (aggregation of transactions) and the CLV models.
scoring_files=(
  '**/Metrics/*.cs'
  '**/Rfm/NtileRanker.cs'
  '**/Rfm/RfmCutPoints.cs'
  '**/Rfm/RfmScore.cs'
  '**/Rfm/RfmScoring.cs'
  '**/Rfm/RfmValues.cs'
  '**/Rfm/ScoreRange.cs'
  '**/Rfm/SegmentMap.cs'
  '**/Rfm/SegmentMapBuilder.cs'
  '**/Rfm/SegmentRule.cs'
)

# The tests run for the scoring scope: the unit and property tests of those areas and the RFM regression cases. Every
# other test is left out, which makes mutant testing six to eight times faster (docs/testing.md#mutation-testing); the score
# is then what these tests alone kill.
scoring_tests='FullyQualifiedName~Retention.Tests.Metrics.|FullyQualifiedName~Retention.Tests.Rfm.|FullyQualifiedName~Retention.Tests.Regressions.RsquaredacademyRfm'

mutate=()
case "$scope" in
  scoring)
    # Extra -m arguments narrow the scope instead of widening it; an extra --test-case-filter replaces the default.
    if ! printf '%s\n' "$@" | grep -qx -- '-m\|--mutate'; then
      for pattern in "${scoring_files[@]}"; do mutate+=(-m "$pattern"); done
    fi
    if ! printf '%s\n' "$@" | grep -qx -- '--test-case-filter'; then
      mutate+=(--test-case-filter "$scoring_tests")
    fi
    ;;
  all) ;;
  *)
    echo "usage: eng/mutation-test.sh scoring|all [extra dotnet-stryker arguments]" >&2
    exit 2
    ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet tool restore > /dev/null

output="$root/artifacts/mutation/$scope"
rm -rf "$output"
mkdir -p "$output"
log="$output/stryker.log"

start=$SECONDS
set +e
(
  cd tests/Retention.Core.Tests
  dotnet tool run dotnet-stryker -f "$root/stryker-config.json" --skip-version-check -O "$output" "${mutate[@]}" "$@"
) 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
elapsed=$((SECONDS - start))

echo
echo "scope: $scope; took $((elapsed / 60)) min $((elapsed % 60)) s; report: $output/reports/mutation-report.html"
grep -E '^(Killed|Survived|Timeout|Errors): ' "$log" || true
grep -Eo 'The final mutation score is [0-9.]+ ?%' "$log" | tail -1 || true
exit "$status"
