#!/usr/bin/env bash
# Which ML.NET to compile against, decided afresh: restore build/MlNetProbe (it references only Microsoft.ML and
# Microsoft.ML.TimeSeries $MicrosoftMLVersion, default 5.0.0) with a time limit, then without TimeSeries if that failed.
#   both restored          -> Package mode (the real packages);
#   only Microsoft.ML did  -> PackageCore mode (the real Microsoft.ML; TimeSeries from build/MlNetTimeSeriesStandIn,
#                             compile-only: the time-series engine's tests are skipped, nothing may be packed);
#   neither                -> StandIn mode (build/MlNetStandIn, compile-only; tests that need ML.NET's runtime are skipped).
# Saves the result in artifacts/mlnet/MlNetMode.props, which every build reads (build/MlNetMode.props), and prints
# one line saying which mode and why, e.g. "ML.NET mode: stand-in (Microsoft.ML 5.0.0 did not restore: NU1101)".
# Usage: bash build/mlnet-mode.sh [MicrosoftMLVersion]     (MLNET_PROBE_TIMEOUT: seconds, default 180)
set -uo pipefail
cd "$(dirname "$0")/.."

version=${1:-${MicrosoftMLVersion:-5.0.0}}
timeout_s=${MLNET_PROBE_TIMEOUT:-180}
probe() { # $@: extra properties; sets rc and code (the first NuGet error code, NU1603's warning aside)
  local out
  out=$(timeout "$timeout_s" dotnet restore build/MlNetProbe/MlNetProbe.csproj -nologo -v q \
    "-p:MicrosoftMLVersion=$version" "$@" 2>&1)
  rc=$?
  code=$(grep -oE 'NU[0-9]{4}' <<<"$out" | grep -v NU1603 | head -1)
  resolved=$(grep -oE 'Microsoft\.ML [0-9][^ ]* was resolved instead' <<<"$out" | head -1 | cut -d' ' -f2)
}
why() { # $1: package name; the reason it did not restore
  if [ "$rc" -eq 124 ]; then echo "$1 $version did not restore within $timeout_s s"
  elif [ -n "$code" ]; then echo "$1 $version did not restore: $code"
  else echo "$1 $version did not restore: exit code $rc"
  fi
}

probe
if [ "$rc" -eq 0 ]; then
  mode=Package; display=package; reason="Microsoft.ML $version restored${resolved:+ as $resolved}"
else
  timeseries_reason=$(why Microsoft.ML.TimeSeries)
  probe -p:MlNetProbeTimeSeries=false
  if [ "$rc" -eq 0 ]; then
    mode=PackageCore; display="package without TimeSeries"
    reason="Microsoft.ML $version restored${resolved:+ as $resolved}; $timeseries_reason"
  else
    mode=StandIn; display=stand-in; reason=$(why Microsoft.ML)
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
