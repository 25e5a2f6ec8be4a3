#!/usr/bin/env bash
# The whole test suite: README's test command, and what .ci/run calls.
#  1. every test, at the widest SIMD width the machine has;
#  0. which ML.NET to compile against, decided afresh and said in one line (build/mlnet-mode.sh): the real
#     Microsoft.ML packages where they restore, else the compile-only stand-in (tests needing ML.NET's runtime skip);
#  2. the kernel and engine tests again with AVX-512 disabled, then with all hardware intrinsics disabled
#     (the runtime's DOTNET_EnableAVX512=0 / DOTNET_EnableHWIntrinsic=0; .NET 10 reads DOTNET_EnableAVX512, earlier
#     versions DOTNET_EnableAVX512F, so both are set), so the 256/128-bit and software paths
#     run as the main code path on any machine.
# Ends with the totals alone on a line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

configuration=Release
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

bash build/mlnet-mode.sh   # prints "ML.NET mode: package|stand-in (why)"; the build reads its result

echo "== build ($configuration)"
if ! dotnet build Lstm.MLNet.sln -c "$configuration" -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

passed=0; failed=0; skipped=0; status=0
run() {
  local name=$1; shift
  local log="$log_dir/$name.log"
  echo "== tests: $name"
  env "$@" dotnet test Microsoft.ML.Lstm.Tests -c "$configuration" --no-build --nologo ${FILTER:+--filter "$FILTER"} >"$log" 2>&1
  local rc=$?
  grep -E '^\s*(Failed|Skipped) |Error Message|Assert' "$log" | head -60
  local summary
  summary=$(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | tail -1)
  echo "   ${summary:-no summary (exit code $rc)}"
  if [ -z "$summary" ]; then
    tail -30 "$log"
    failed=$((failed + 1)); status=1; return
  fi
  local f p s
  f=$(sed -E 's/.*Failed:\s*([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed:\s*([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped:\s*([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || status=1
}

FILTER="" run "all (widest SIMD)" DOTNET_CLI_TELEMETRY_OPTOUT=1
FILTER="FullyQualifiedName~Microsoft.ML.Lstm.Tests.Engine" run "engine, AVX-512 off" DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0
FILTER="FullyQualifiedName~Microsoft.ML.Lstm.Tests.Engine" run "engine, hardware intrinsics off" DOTNET_EnableHWIntrinsic=0

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
