using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML.Lstm.Engine;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// The ML.NET mode the build announced, the MLNET_STANDIN / MLNET_TIMESERIES_STANDIN constants the code was compiled
/// with, and the ML.NET assemblies actually loaded all agree.
/// </summary>
public class MlNetModeTests
{
#if MLNET_STANDIN
    private const string CompiledMode = "StandIn";
#elif MLNET_TIMESERIES_STANDIN
    private const string CompiledMode = "PackageCore";
#else
    private const string CompiledMode = "Package";
#endif

    private static string LibraryMetadata(string key) =>
        typeof(LstmNetwork).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public void The_library_and_the_tests_were_compiled_in_the_same_mode()
    {
        Assert.Equal(CompiledMode, LibraryMetadata("MlNetMode"));
        Assert.False(string.IsNullOrEmpty(LibraryMetadata("MlNetModeReason")));
    }

    [Fact]
    public void The_mode_is_the_one_the_probe_announced()
    {
        // build/mlnet-mode.sh (or the probe before restore) saved what it announced; a build that took its mode from
        // the probe must be in that mode, with that reason.
        if (LibraryMetadata("MlNetModeSource") != "probe")
            return; // -p:MlNetMode=... on the command line: nothing was announced by the probe for this build.
        string? root = RepositoryRoot();
        Assert.NotNull(root);
        string file = File.ReadAllText(Path.Combine(root!, "artifacts", "mlnet", "MlNetMode.props"));
        Assert.Equal(CompiledMode, Regex.Match(file, "<MlNetModeDetected>(.*)</MlNetModeDetected>").Groups[1].Value);
        Assert.Equal(LibraryMetadata("MlNetModeReason"),
            Regex.Match(file, "<MlNetModeDetectedReason>(.*)</MlNetModeDetectedReason>").Groups[1].Value);
    }

#if MLNET_STANDIN
    [Fact]
    public void Stand_in_mode_loads_the_compile_only_stand_in_which_throws_a_clear_exception()
    {
        Assert.Equal("MlNetStandIn", typeof(MLContext).Assembly.GetName().Name);
        var ex = Assert.Throws<PlatformNotSupportedException>(() => new MLContext(seed: 1));
        Assert.Equal("compile-only stand-in of ML.NET; restore Microsoft.ML to run", ex.Message);
        Assert.StartsWith("ML.NET mode: stand-in", "ML.NET mode: stand-in (" + LibraryMetadata("MlNetModeReason") + ")");
    }
#else
    [Fact]
    public void Package_mode_loads_ML_NET_itself()
    {
        Assert.Equal("Microsoft.ML.Data", typeof(MLContext).Assembly.GetName().Name);
        Assert.NotNull(new MLContext(seed: 1));
#if MLNET_TIMESERIES_STANDIN
        // Without Microsoft.ML.TimeSeries: its engine is the compile-only stand-in, which says so.
        Assert.Equal("MlNetTimeSeriesStandIn",
            typeof(Microsoft.ML.Transforms.TimeSeries.TimeSeriesPredictionEngine<object, object>).Assembly.GetName().Name);
        var ex = Assert.Throws<PlatformNotSupportedException>(() =>
            Microsoft.ML.Transforms.TimeSeries.PredictionFunctionExtensions.CreateTimeSeriesEngine<object, object>(null!, new MLContext()));
        Assert.Contains("compile-only stand-in of Microsoft.ML.TimeSeries", ex.Message);
        Assert.Matches("^Microsoft.ML .* restored.*; Microsoft.ML.TimeSeries .* did not restore", LibraryMetadata("MlNetModeReason"));
#else
        Assert.Equal("Microsoft.ML.TimeSeries",
            typeof(Microsoft.ML.Transforms.TimeSeries.TimeSeriesPredictionEngine<object, object>).Assembly.GetName().Name);
#endif
    }
#endif

    [MlNetRuntimeFact]
    public void A_runtime_fact_runs_only_with_ML_NET_itself()
    {
        Assert.NotEqual("StandIn", CompiledMode);
        Assert.NotNull(new MLContext(seed: 1).Transforms);
    }

    [MlNetRuntimeTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_runtime_theory_runs_only_with_ML_NET_itself(int seed)
    {
        Assert.NotEqual("StandIn", CompiledMode);
        Assert.NotNull(new MLContext(seed).Data);
    }

    [Fact]
    public void The_engine_does_not_use_ML_NET()
    {
        string? root = RepositoryRoot();
        Assert.NotNull(root);
        var usingDirective = new Regex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)", RegexOptions.Multiline);
        static bool IsMlNet(string ns) =>
            ns == "Microsoft.ML" || (ns.StartsWith("Microsoft.ML.", StringComparison.Ordinal) && !ns.StartsWith("Microsoft.ML.Lstm.", StringComparison.Ordinal))
            || ns.StartsWith("Microsoft.ML.Lstm.MLNet", StringComparison.Ordinal);
        var offenders = Directory.EnumerateFiles(Path.Combine(root!, "Microsoft.ML.Lstm", "Engine"), "*.cs", SearchOption.AllDirectories)
            .Where(f => usingDirective.Matches(File.ReadAllText(f)).Any(m => IsMlNet(m.Groups[1].Value)))
            .Select(f => Path.GetRelativePath(root!, f))
            .ToArray();
        Assert.Empty(offenders);
        // And in the compiled assembly: no Engine type refers to an ML.NET type in its fields or method signatures.
        var engineTypes = typeof(LstmNetwork).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Microsoft.ML.Lstm.Engine", StringComparison.Ordinal) == true);
        var mlNetAssembly = typeof(MLContext).Assembly;
        foreach (Type t in engineTypes)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            Assert.DoesNotContain(used, u => u.Assembly == mlNetAssembly || u.Namespace?.StartsWith("Microsoft.ML.Lstm.MLNet", StringComparison.Ordinal) == true);
        }
    }

    internal static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lstm.MLNet.sln")))
                return dir.FullName;
        return null;
    }
}
