#!/usr/bin/env python3
"""Checks a random sample of the mutants Stryker reported as killed, by hand: each mutation is applied to the source
in a scratch git worktree, the test project is built, and the tests Stryker says killed it are run. A kill is
confirmed when at least one of them fails (or the mutated code loops past the time limit, for a timeout).

Why: Stryker.NET's Microsoft Testing Platform runner reuses test hosts across mutants, and public reports say it can
call a mutant killed that no test kills (stryker-mutator/stryker-net#3742), so a score from it is checked before it
is believed (docs/testing.md#mutation-testing).

  eng/mutation-spot-check.py artifacts/mutation/all/reports/mutation-report.json --sample 20 --seed 1

The worktree is created at the commit given by --commit (default HEAD; it must be the commit Stryker ran on) and
removed afterwards. Needs python3, git and the .NET SDK. Takes a build and a test run per mutant (about a minute on
two cores). Exit code: 0 when every sampled kill is confirmed, 1 otherwise, 2 on a usage error.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time


def mutated_text(text, location, replacement):
    """Replaces the 1-based, end-exclusive (line, column) span of the location with the replacement."""
    lines = text.split("\n")

    def offset(point):
        line, column = point["line"], point["column"]
        return sum(len(l) + 1 for l in lines[: line - 1]) + column - 1

    start, end = offset(location["start"]), offset(location["end"])
    return text[:start] + replacement + text[end:]


def run(args, cwd, timeout=None):
    return subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="Stryker's mutation-report.json")
    parser.add_argument("--sample", type=int, default=20, help="how many killed mutants to check (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the sample (default 1)")
    parser.add_argument("--status", default="Killed", help="Killed (default) or Timeout")
    parser.add_argument("--commit", default="HEAD", help="the commit Stryker ran on (default HEAD)")
    parser.add_argument("--test-timeout", type=int, default=300, help="seconds before a test run counts as a timeout")
    options = parser.parse_args()

    repo = run(["git", "rev-parse", "--show-toplevel"], cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    with open(options.report, encoding="utf-8") as f:
        report = json.load(f)

    # The report names files by the absolute paths of the tree Stryker ran in; the part under src/ is the same here.
    tests = {t["id"]: t["name"] for tf in report.get("testFiles", {}).values() for t in tf.get("tests", [])}
    candidates = []
    path_of = {}
    for path, data in sorted(report["files"].items()):
        relative = path[path.index("/src/") + 1:] if "/src/" in path else path
        for mutant in data["mutants"]:
            if mutant["status"] == options.status:
                candidates.append((relative, mutant))
                path_of[id(mutant)] = path
    if not candidates:
        print(f"no mutant with status {options.status} in {options.report}", file=sys.stderr)
        return 2

    random.Random(options.seed).shuffle(candidates)
    sample = candidates[: options.sample]
    scratch = tempfile.mkdtemp(prefix="mutation-spot-check-")
    worktree = os.path.join(scratch, "tree")
    added = run(["git", "worktree", "add", "--detach", worktree, options.commit], cwd=repo)
    if added.returncode != 0:
        print(added.stdout, file=sys.stderr)
        return 2

    confirmed = 0
    try:
        print(f"{len(sample)} of {len(candidates)} mutants with status {options.status}, seed {options.seed}, commit {options.commit}")
        for n, (relative, mutant) in enumerate(sample, 1):
            source = os.path.join(worktree, relative)
            with open(source, encoding="utf-8") as f:
                original = f.read()
            if original != report["files"][path_of[id(mutant)]]["source"]:
                print(f"{relative} differs from the source in the report: run on the commit Stryker ran on (--commit)", file=sys.stderr)
                return 2
            location = mutant["location"]
            where = f"{relative}:{location['start']['line']}"
            killers = [tests.get(t, t) for t in (mutant.get("killedBy") or mutant.get("coveredBy") or [])]
            with open(source, "w", encoding="utf-8") as f:
                f.write(mutated_text(original, location, mutant["replacement"]))
            started = time.time()
            build = run(["dotnet", "build", "tests/Retention.Core.Tests", "-c", "Debug", "-v", "q", "-nologo"], cwd=worktree)
            if build.returncode != 0:
                verdict = "NOT CONFIRMED: the mutated source does not compile here"
            elif not killers:
                verdict = "NOT CONFIRMED: the report names no test"
            else:
                # A theory's test name carries its arguments; the method filter takes the method's full name.
                filters = [a for k in dict.fromkeys(k.split("(")[0] for k in killers) for a in ("--filter-method", k)]
                try:
                    test = run(["dotnet", "test", "--project", "tests/Retention.Core.Tests", "--no-build", "--", *filters],
                               cwd=worktree, timeout=options.test_timeout)
                    failed = [line.split()[1] for line in test.stdout.splitlines() if line.startswith("failed ")]
                    if test.returncode != 0 and failed:
                        verdict = f"confirmed: {failed[0]} fails" + (f" (+{len(failed) - 1} more)" if len(failed) > 1 else "")
                    elif "total: 0" in test.stdout or "Zero tests ran" in test.stdout:
                        verdict = "NOT CONFIRMED: no test matched " + ", ".join(killers[:3])
                    else:
                        verdict = f"NOT CONFIRMED: {len(killers)} killing test(s) pass"
                except subprocess.TimeoutExpired:
                    verdict = f"confirmed: the tests ran past {options.test_timeout} s"
            with open(source, "w", encoding="utf-8") as f:
                f.write(original)
            confirmed += verdict.startswith("confirmed")
            print(f"{n:3}. mutant {mutant['id']} {where} {mutant['mutatorName']} -> {mutant['replacement'][:60]!r}: "
                  f"{verdict} [{time.time() - started:.0f} s]", flush=True)
    finally:
        run(["git", "worktree", "remove", "--force", worktree], cwd=repo)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"confirmed {confirmed} of {len(sample)}")
    return 0 if confirmed == len(sample) else 1


if __name__ == "__main__":
    sys.exit(main())
