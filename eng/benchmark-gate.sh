#!/usr/bin/env bash
# The benchmark gate in one command: measure the gated hot paths and their reference workloads (the benchmarks' check
# mode: a short in-process job timed by process CPU time), then compare the JSON report with the committed budgets.
# Exit code 0: every hot path within budget; 1: a budget exceeded (the failures name benchmark, measured value and
# budget); 2: unusable input. See docs/performance.md.
#   eng/benchmark-gate.sh [output folder, default artifacts/benchmark-gate]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/benchmark-gate}"
rm -rf "$out"
mkdir -p "$out"
dotnet run -c Release --project benchmarks/Retention.Benchmarks -- --check --artifacts "$out" > "$out/benchmarks.log" 2>&1 \
  || { tail -50 "$out/benchmarks.log"; echo "the gate's benchmarks failed to run (log: $out/benchmarks.log)"; exit 1; }
dotnet run -c Release --project benchmarks/Retention.BenchmarkGate -- \
  --budgets benchmarks/Retention.Benchmarks/budgets.json "$out/results"
