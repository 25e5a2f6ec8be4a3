// Assembly Microsoft.ML.TimeSeries (package Microsoft.ML.TimeSeries).
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.StandIn;

namespace Microsoft.ML.Transforms.TimeSeries
{
    // src/Microsoft.ML.TimeSeries/PredictionEngine.cs. Only transformers implementing the internal
    // IStatefulTransformer get its state updates ("pingers"), horizon and confidenceLevel, and a cloned state per
    // engine; any other row-to-row transformer (a StatefulCustomMapping included) is run as in a PredictionEngine.
    public sealed class TimeSeriesPredictionEngine<TSrc, TDst> : PredictionEngineBase<TSrc, TDst>
        where TSrc : class
        where TDst : class, new()
    {
        public TimeSeriesPredictionEngine(IHostEnvironment env, ITransformer transformer, bool ignoreMissingColumns,
            SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null) => throw StandInError.Fail();

        public void CheckPoint(IHostEnvironment env, string modelPath) => throw StandInError.Fail();

        public void CheckPoint(IHostEnvironment env, Stream stream) => throw StandInError.Fail();

        public void Predict(TSrc example, ref TDst prediction, int? horizon = null, float? confidenceLevel = null) => throw StandInError.Fail();

        public override void Predict(TSrc example, ref TDst prediction) => throw StandInError.Fail();

        public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null) => throw StandInError.Fail();

        public TDst Predict(int? horizon = null, float? confidenceLevel = null) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.TimeSeries/PredictionEngine.cs (the PredictionEngineOptions overload omitted)
    public static class PredictionFunctionExtensions
    {
        public static TimeSeriesPredictionEngine<TSrc, TDst> CreateTimeSeriesEngine<TSrc, TDst>(this ITransformer transformer, IHostEnvironment env,
            bool ignoreMissingColumns = false, SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null)
            where TSrc : class
            where TDst : class, new()
            => throw StandInError.Fail();
    }
}
