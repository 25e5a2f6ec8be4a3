#!/usr/bin/env bash
# Which ML.NET to compile against, decided afresh: restore build/MlNetProbe (it references only Microsoft.ML and
# Microsoft.ML.TimeSeries $MicrosoftMLVersion, default 5.0.0) with a time limit.
#   restored       -> Package mode (the real packages);
#   did not restore -> StandIn mode (build/MlNetStandIn, compile-only; tests that need ML.NET's runtime are skipped).
# Saves the result in artifacts/mlnet/MlNetMode.props, which every build reads (build/MlNetMode.props), and prints
# one line saying which mode and why, e.g. "ML.NET mode: stand-in (Microsoft.ML 5.0.0 did not restore: NU1101)".
# Usage: bash build/mlnet-mode.sh [MicrosoftMLVersion]     (MLNET_PROBE_TIMEOUT: seconds, default 180)
set -uo pipefail
cd "$(dirname "$0")/.."

version=${1:-${MicrosoftMLVersion:-5.0.0}}
timeout_s=${MLNET_PROBE_TIMEOUT:-180}
out=$(timeout "$timeout_s" dotnet restore build/MlNetProbe/MlNetProbe.csproj -nologo -v q \
  "-p:MicrosoftMLVersion=$version" 2>&1)
rc=$?

if [ "$rc" -eq 0 ]; then
  mode=Package; display=package; reason="Microsoft.ML $version restored"
else
  mode=StandIn; display=stand-in
  code=$(grep -oE 'NU[0-9]{4}' <<<"$out" | head -1)
  if [ "$rc" -eq 124 ]; then reason="Microsoft.ML $version did not restore within $timeout_s s"
  elif [ -n "$code" ]; then reason="Microsoft.ML $version did not restore: $code"
  else reason="Microsoft.ML $version did not restore: exit code $rc"
  fi
fi

mkdir -p artifacts/mlnet
cat >artifacts/mlnet/MlNetMode.props <<PROPS
<Project><PropertyGroup>
  <MlNetModeDetected>$mode</MlNetModeDetected>
  <MlNetModeDetectedFor>$version</MlNetModeDetectedFor>
  <MlNetModeDetectedReason>$reason</MlNetModeDetectedReason>
</PropertyGroup></Project>
PROPS
echo "ML.NET mode: $display ($reason)"
