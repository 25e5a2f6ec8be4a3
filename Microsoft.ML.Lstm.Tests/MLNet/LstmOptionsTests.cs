using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

[Collection(MlNetTestData.Collection)]
public class LstmOptionsTests
{
    /// <summary>Every parameter of the simple overload is one field of the Options class: same name (PascalCase),
    /// same type, same default; and no field lacks a parameter.</summary>
    [Theory]
    [InlineData(nameof(LstmCatalogExtensions.ForecastByLstm), typeof(LstmForecastingEstimator.Options))]
    [InlineData(nameof(LstmCatalogExtensions.Lstm), typeof(LstmRegressionTrainer.Options))]
    public void Parameters_map_one_to_one_onto_the_options(string method, Type optionsType)
    {
        MethodInfo simple = typeof(LstmCatalogExtensions).GetMethods()
            .Single(m => m.Name == method && m.GetParameters().All(p => p.ParameterType != optionsType));
        ParameterInfo[] parameters = simple.GetParameters().Skip(1).ToArray(); // the catalog
        FieldInfo[] fields = optionsType.GetFields(BindingFlags.Public | BindingFlags.Instance);
        object defaults = Activator.CreateInstance(optionsType)!;

        Assert.Equal(fields.Select(f => f.Name).OrderBy(n => n), parameters.Select(p => Pascal(p.Name!)).OrderBy(n => n));
        foreach (ParameterInfo p in parameters)
        {
            FieldInfo field = fields.Single(f => f.Name == Pascal(p.Name!));
            Assert.Equal(field.FieldType, p.ParameterType);
            if (p.HasDefaultValue)
                Assert.Equal(field.GetValue(defaults), p.DefaultValue);
        }
    }

    [Fact]
    public void ForecastBySsa_names_are_kept()
    {
        string[] names = typeof(LstmCatalogExtensions).GetMethods().First(m => m.Name == "ForecastByLstm" && m.GetParameters().Length > 2)
            .GetParameters().Select(p => p.Name!).ToArray();
        Assert.Equal(new[] { "catalog", "outputColumnName", "inputColumnName", "windowSize", "horizon", "confidenceLowerBoundColumn", "confidenceUpperBoundColumn", "confidenceLevel" },
            names.Take(8));
    }

    [Fact]
    public void The_defaults_are_the_forecaster_defaults()
    {
        var forecaster = new LstmForecasterOptions();
        var options = new LstmForecastingEstimator.Options();
        Assert.Equal(forecaster.SeasonPeriod, options.SeasonPeriod);
        Assert.Equal(forecaster.EnsembleSize, options.EnsembleSize);
        Assert.Equal(forecaster.Epochs, options.Epochs);
        Assert.Equal(forecaster.Units, options.Units);
        Assert.Equal(forecaster.Layers, options.Layers);
        Assert.Equal(forecaster.LearningRate, options.LearningRate);
        Assert.Equal(forecaster.BatchSize, options.BatchSize);
        Assert.Equal(forecaster.MaxThreads, options.MaxThreads);
        Assert.Equal(forecaster.ConfidenceLevel, options.ConfidenceLevel);
        Assert.Null(options.Seed);
        Assert.Equal(LstmInputKind.Auto, options.InputKind);
    }

    /// <summary>The premise of the runtime seed tests: equal settings and seed train the same forecaster (to the bit), another
    /// seed another one.</summary>
    [Fact]
    public void Training_is_repeatable_for_a_seed()
    {
        float[] series = MlNetTestData.Series(96);
        LstmForecasterOptions Options(int seed) => MlNetTestData.Small(new LstmForecastingEstimator.Options { Seed = seed }).ToForecasterOptions(4, 12, 0.95f, seed);
        int[] a = MlNetTestData.Fingerprint(LstmForecaster.Train(series, Options(5)));
        Assert.Equal(a, MlNetTestData.Fingerprint(LstmForecaster.Train(series, Options(5))));
        Assert.NotEqual(a, MlNetTestData.Fingerprint(LstmForecaster.Train(series, Options(6))));
        Assert.Equal(a, MlNetTestData.Fingerprint(MlNetTestData.Streaming)); // what ForecastByLstm with the small settings trains
    }

    [Fact]
    public void The_options_become_the_forecaster_options()
    {
        var options = MlNetTestData.Small(new LstmForecastingEstimator.Options { Horizon = 6, LearningRate = 0.01f, BatchSize = 8, Layers = 2 });
        LstmForecasterOptions f = options.ToForecasterOptions(6, 24, 0.8f, 99);
        Assert.Equal((6, 24, 0.8f, 99, 2, 6, 8, 12, 1, 2, 0.01f, 8),
            (f.Horizon, f.WindowSize, f.ConfidenceLevel, f.Seed, f.EnsembleSize, f.Epochs, f.Units, f.SeasonPeriod, f.MaxThreads, f.Layers, f.LearningRate, f.BatchSize));
    }

    private static LstmForecastingEstimator.Options Valid() => new() { OutputColumnName = "Forecast", InputColumnName = "y", Horizon = 3 };

    [Theory]
    [InlineData("outputColumnName")]
    [InlineData("inputColumnName")]
    [InlineData("horizon")]
    [InlineData("windowSize")]
    [InlineData("confidenceLevel")]
    [InlineData("featureColumnNames")]
    [InlineData("confidenceLowerBoundColumn")]
    [InlineData("Units")]
    public void Invalid_settings_name_their_parameter(string parameter)
    {
        LstmForecastingEstimator.Options o = Valid();
        switch (parameter)
        {
            case "outputColumnName": o.OutputColumnName = " "; break;
            case "inputColumnName": o.InputColumnName = "__LstmData"; break;
            case "horizon": o.Horizon = 0; break;
            case "windowSize": o.WindowSize = -1; break;
            case "confidenceLevel": o.ConfidenceLevel = 1f; break;
            case "featureColumnNames": o.FeatureColumnNames = new[] { "y" }; break;
            case "confidenceLowerBoundColumn": o.ConfidenceLowerBoundColumn = ""; break;
            case "Units": o.Units = 0; break;
        }
        var e = Assert.ThrowsAny<ArgumentException>(o.Validate);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Output_columns_must_differ()
    {
        LstmForecastingEstimator.Options o = Valid();
        o.ConfidenceUpperBoundColumn = "Forecast";
        Assert.Contains("'Forecast' is given twice", Assert.Throws<ArgumentException>(o.Validate).Message);
        Valid().Validate();
    }

    [Fact]
    public void Regression_options_are_checked_too()
    {
        var o = new LstmRegressionTrainer.Options { LabelColumnName = "x", FeatureColumnName = "x" };
        Assert.Equal("featureColumnName", Assert.Throws<ArgumentException>(o.Validate).ParamName);
        new LstmRegressionTrainer.Options().Validate();
    }

    [Fact]
    public void The_chain_reads_the_input_then_the_features_and_copies_out_the_named_outputs()
    {
        LstmForecastingEstimator.Options o = Valid();
        o.FeatureColumnNames = new[] { "f1", "f2" };
        o.ConfidenceUpperBoundColumn = "Hi";
        LstmChainSpec spec = o.ChainSpec();
        Assert.Equal(new[] { "y", "f1", "f2" }, spec.DataColumns);
        Assert.False(spec.Score);
        Assert.Equal(new[] { ("Forecast", "__LstmForecast"), ("Hi", "__LstmUpperBound") }, spec.Outputs);

        LstmChainSpec regression = new LstmRegressionTrainer.Options { FeatureColumnName = "Lags" }.ChainSpec();
        Assert.Equal(new[] { "Lags" }, regression.DataColumns);
        Assert.True(regression.Score);
        Assert.Equal(new[] { ("Score", "__LstmScore") }, regression.Outputs);
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
