// Assembly Microsoft.ML.TimeSeries (package Microsoft.ML.TimeSeries), compile-only, over the real Microsoft.ML.
using System;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Transforms.TimeSeries
{
    // src/Microsoft.ML.TimeSeries/PredictionEngine.cs, the members our tests and samples call. One difference from the
    // real type: it derives from PredictionEngineBase<TSrc, TDst>, whose constructor only ML.NET's own assemblies can
    // call, so this one implements IDisposable itself (the base's only interface) and declares Predict(TSrc, ref TDst)
    // without 'override'. Code written against this compiles unchanged against the real assembly.
    public sealed class TimeSeriesPredictionEngine<TSrc, TDst> : IDisposable
        where TSrc : class
        where TDst : class, new()
    {
        public TimeSeriesPredictionEngine(IHostEnvironment env, ITransformer transformer, bool ignoreMissingColumns,
            SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null) => throw TimeSeriesStandIn.Fail();

        public DataViewSchema OutputSchema => throw TimeSeriesStandIn.Fail();

        public void CheckPoint(IHostEnvironment env, string modelPath) => throw TimeSeriesStandIn.Fail();

        public void CheckPoint(IHostEnvironment env, Stream stream) => throw TimeSeriesStandIn.Fail();

        public void Predict(TSrc example, ref TDst prediction, int? horizon = null, float? confidenceLevel = null) => throw TimeSeriesStandIn.Fail();

        public void Predict(TSrc example, ref TDst prediction) => throw TimeSeriesStandIn.Fail();

        public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null) => throw TimeSeriesStandIn.Fail();

        public TDst Predict(int? horizon = null, float? confidenceLevel = null) => throw TimeSeriesStandIn.Fail();

        public void Dispose() => throw TimeSeriesStandIn.Fail();
    }

    // src/Microsoft.ML.TimeSeries/PredictionEngine.cs (the PredictionEngineOptions overload omitted)
    public static class PredictionFunctionExtensions
    {
        public static TimeSeriesPredictionEngine<TSrc, TDst> CreateTimeSeriesEngine<TSrc, TDst>(this ITransformer transformer, IHostEnvironment env,
            bool ignoreMissingColumns = false, SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null)
            where TSrc : class
            where TDst : class, new()
            => throw TimeSeriesStandIn.Fail();
    }

    /// <summary>The one exception every member of this stand-in throws.</summary>
    internal static class TimeSeriesStandIn
    {
        internal const string Message = "compile-only stand-in of Microsoft.ML.TimeSeries; restore Microsoft.ML.TimeSeries to run";

        internal static PlatformNotSupportedException Fail() => new PlatformNotSupportedException(Message);
    }
}
