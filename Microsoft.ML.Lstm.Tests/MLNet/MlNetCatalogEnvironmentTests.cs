using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Runtime;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// The estimators reach the user's environment through a catalog by reflection (ML.NET's own accessor is internal):
/// these tests fail loudly when an ML.NET update breaks that, instead of the estimators silently logging nowhere and
/// ignoring <c>MLContext(seed)</c>.
/// </summary>
[Collection(MlNetTestData.Collection)]
public class MlNetCatalogEnvironmentTests
{
    [MlNetRuntimeFact]
    public void The_environment_behind_the_forecasting_and_regression_catalogs_is_found_through_IInternalCatalog()
    {
        var ml = new MLContext(seed: 1);
        foreach (object catalog in new object[] { ml.Forecasting, ml.Regression.Trainers })
        {
            IHostEnvironment? env = CatalogEnvironment.TryGet(catalog, out string route);
            Assert.True(env != null, $"ML.NET changed: {route}. Update MLNet/CatalogEnvironment.cs (and SIGNATURES.md).");
            Assert.Equal("IInternalCatalog.Environment", route);
        }
    }

    [MlNetRuntimeFact]
    public void Training_messages_reach_the_users_context_log()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<LoggingEventArgs>();
        ml.Log += (_, e) => { lock (log) log.Add(e); };
        ml.Forecasting.ForecastByLstm(MlNetTestData.Small(new LstmForecastingEstimator.Options
        {
            OutputColumnName = "Forecast", InputColumnName = "Value", WindowSize = 12, Horizon = MlNetTestData.Horizon,
        })).Fit(ml.Data.LoadFromEnumerable(MlNetTestData.Series(96).Select(v => new Observation { Value = v }).ToList()));

        LoggingEventArgs start = Assert.Single(log, e => e.RawMessage.StartsWith("96 rows; horizon 4"));
        Assert.Equal(ChannelMessageKind.Info, start.Kind);
        Assert.StartsWith("Microsoft.ML.Lstm.Forecasting", start.Source);
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Trace && e.RawMessage.Contains("epoch"));
        Assert.Contains(log, e => e.Kind == ChannelMessageKind.Info && e.RawMessage.Contains("season period"));
    }

    [MlNetRuntimeFact]
    public void The_training_seed_follows_the_context_seed_and_an_explicit_seed_wins()
    {
        int[] Train(int contextSeed, int? seed)
        {
            var ml = new MLContext(contextSeed);
            var options = MlNetTestData.Small(new LstmForecastingEstimator.Options
            {
                OutputColumnName = "Forecast", InputColumnName = "Value", WindowSize = 12, Horizon = MlNetTestData.Horizon,
            });
            options.Seed = seed;
            LstmForecaster forecaster = ml.Forecasting.ForecastByLstm(options)
                .Fit(ml.Data.LoadFromEnumerable(MlNetTestData.Series(96).Select(v => new Observation { Value = v }).ToList()))
                .GetForecaster();
            return MlNetTestData.Fingerprint(forecaster);
        }

        Assert.Equal(Train(3, null), Train(3, null));
        Assert.NotEqual(Train(3, null), Train(4, null));
        Assert.Equal(Train(3, 11), Train(4, 11));
    }
}
