// Assembly Microsoft.ML.Data (package Microsoft.ML).
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.StandIn;
using Microsoft.ML.Transforms;

namespace Microsoft.ML
{
    // src/Microsoft.ML.Data/MLContext.cs. MLContext implements IHostEnvironmentInternal (internal) : IHostEnvironment,
    // all explicitly, so an MLContext converts implicitly to IHostEnvironment; here it implements IHostEnvironment.
    // Every catalog is constructed with the context's inner environment (a LocalEnvironment), not with the context.
    // Omitted: the other catalogs (BinaryClassification, ..., AnomalyDetection), TempFilePath, FallbackToCpu,
    // GpuDeviceId.
    public sealed class MLContext : IHostEnvironment
    {
        public MLContext(int? seed = null) => throw StandInError.Fail();

        public ForecastingCatalog Forecasting => throw StandInError.Fail();

        public RegressionCatalog Regression => throw StandInError.Fail();

        public TransformsCatalog Transforms => throw StandInError.Fail();

        public ModelOperationsCatalog Model => throw StandInError.Fail();

        public DataOperationsCatalog Data => throw StandInError.Fail();

        public event EventHandler<LoggingEventArgs> Log
        {
            add => throw StandInError.Fail();
            remove => throw StandInError.Fail();
        }

        public ComponentCatalog ComponentCatalog => throw StandInError.Fail();

        IHost IHostEnvironment.Register(string name, int? seed, bool? verbose) => throw StandInError.Fail();

        IChannel IChannelProvider.Start(string name) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/LoggingEventArgs.cs
    public class LoggingEventArgs : EventArgs
    {
        public LoggingEventArgs(string message) => throw StandInError.Fail();

        public LoggingEventArgs(string message, ChannelMessageKind kind, string source) => throw StandInError.Fail();

        public string Source => throw StandInError.Fail();

        public ChannelMessageKind Kind => throw StandInError.Fail();

        public string Message => throw StandInError.Fail();

        public string RawMessage => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/TrainCatalog.cs. "public abstract class TrainCatalogBase : IInternalCatalog": the
    // environment is "IHostEnvironment IInternalCatalog.Environment => Environment;" plus "[BestFriend] private protected
    // IHostEnvironment Environment { get; }", and IInternalCatalog (declared with CatalogUtils; path not shown by the
    // source search; namespace Microsoft.ML.Data, "[BestFriend] internal interface IInternalCatalog { IHostEnvironment Environment { get; } }")
    // is internal: a third party reaches the environment only by reflection (MLNet/CatalogEnvironment.cs). Omitted:
    // CrossValidationResult<T>, the private protected members.
    public abstract class TrainCatalogBase
    {
        private protected TrainCatalogBase() => throw StandInError.Fail();

        // src/Microsoft.ML.Data/TrainCatalog.cs: "public abstract class CatalogInstantiatorBase : IInternalCatalog",
        // "IHostEnvironment IInternalCatalog.Environment => Owner.GetEnvironment();", "[BestFriend] internal
        // TrainCatalogBase Owner { get; }", constructor [BestFriend] private protected.
        public abstract class CatalogInstantiatorBase
        {
            private protected CatalogInstantiatorBase() => throw StandInError.Fail();
        }
    }

    // src/Microsoft.ML.Data/TrainCatalog.cs ("public sealed class ForecastingCatalog : TrainCatalogBase"; its
    // Forecasters Trainers sub-catalog is omitted; ForecastBySsa is an extension in Microsoft.ML.TimeSeries)
    public sealed class ForecastingCatalog : TrainCatalogBase
    {
        internal ForecastingCatalog() => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/TrainCatalog.cs ("public sealed class RegressionCatalog : TrainCatalogBase" with
    // "public RegressionTrainers Trainers { get; }"; Evaluate and CrossValidate omitted). Third-party trainers are
    // extension methods on RegressionTrainers, as Microsoft.ML.LightGbm's LightGbmExtensions
    // (src/Microsoft.ML.LightGbm/LightGbmCatalog.cs) are.
    public sealed class RegressionCatalog : TrainCatalogBase
    {
        internal RegressionCatalog() => throw StandInError.Fail();

        public RegressionTrainers Trainers => throw StandInError.Fail();

        public sealed class RegressionTrainers : CatalogInstantiatorBase
        {
            internal RegressionTrainers() => throw StandInError.Fail();
        }
    }

    // src/Microsoft.ML.Data/Prediction/IPredictionTransformer.cs
    public interface IPredictionTransformer<out TModel> : ITransformer
        where TModel : class
    {
        TModel Model { get; }
    }

    // src/Microsoft.ML.Data/Prediction/IPredictionTransformer.cs
    public interface ISingleFeaturePredictionTransformer<out TModel> : IPredictionTransformer<TModel>
        where TModel : class
    {
        string FeatureColumnName { get; }

        DataViewType FeatureColumnType { get; }
    }

    // src/Microsoft.ML.Data/DataLoadSave/Text/TextLoaderSaverCatalog.cs (only LoadFromTextFile<TInput>; the defaults
    // are TextLoader.Defaults: Separator '\t', HasHeader, AllowQuoting, TrimWhitespace, AllowSparse false)
    public static class TextLoaderSaverCatalog
    {
        public static IDataView LoadFromTextFile<TInput>(this DataOperationsCatalog catalog, string path,
            char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false,
            bool allowSparse = false)
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/NormalizerCatalog.cs (only the single-column NormalizeMinMax; the defaults are
    // NormalizingEstimator.Defaults.MaximumExampleCount = 1000000000 and EnsureZeroUntouched = true)
    public static class NormalizationCatalog
    {
        public static NormalizingEstimator NormalizeMinMax(this TransformsCatalog catalog, string outputColumnName,
            string inputColumnName = null, long maximumExampleCount = 1000000000, bool fixZero = true)
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/TransformsCatalog.cs (only the Conversion sub-catalog declared)
    public sealed class TransformsCatalog
    {
        internal TransformsCatalog() => throw StandInError.Fail();

        public ConversionTransforms Conversion => throw StandInError.Fail();

        public sealed class ConversionTransforms
        {
            internal ConversionTransforms() => throw StandInError.Fail();
        }
    }

    // src/Microsoft.ML.Data/Model/ModelOperationsCatalog.cs (omitted: Save/Load with an IDataLoader, the
    // PredictionEngineOptions overload)
    public sealed class ModelOperationsCatalog
    {
        internal ModelOperationsCatalog() => throw StandInError.Fail();

        public void Save(ITransformer model, DataViewSchema inputSchema, Stream stream) => throw StandInError.Fail();

        public void Save(ITransformer model, DataViewSchema inputSchema, string filePath) => throw StandInError.Fail();

        public ITransformer Load(Stream stream, out DataViewSchema inputSchema) => throw StandInError.Fail();

        public ITransformer Load(string filePath, out DataViewSchema inputSchema) => throw StandInError.Fail();

        public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer,
            bool ignoreMissingColumns = true, SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null)
            where TSrc : class
            where TDst : class, new()
            => throw StandInError.Fail();

        public PredictionEngine<TSrc, TDst> CreatePredictionEngine<TSrc, TDst>(ITransformer transformer, DataViewSchema inputSchema)
            where TSrc : class
            where TDst : class, new()
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/DataLoadSave/DataOperationsCatalog.cs (LoadFromTextFile, an extension in
    // src/Microsoft.ML.Data/DataLoadSave/Text/TextLoaderSaverCatalog.cs, is not declared: not used yet)
    public sealed class DataOperationsCatalog
    {
        internal DataOperationsCatalog() => throw StandInError.Fail();

        public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data, SchemaDefinition schemaDefinition = null)
            where TRow : class
            => throw StandInError.Fail();

        public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject,
            bool ignoreMissingColumns = false, SchemaDefinition schemaDefinition = null)
            where TRow : class, new()
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Prediction/PredictionEngine.cs (constructors are not public; OutputSchema omitted)
    public abstract class PredictionEngineBase<TSrc, TDst> : IDisposable
        where TSrc : class
        where TDst : class, new()
    {
        private protected PredictionEngineBase() => throw StandInError.Fail();

        public void Dispose() => throw StandInError.Fail();

        public virtual TDst Predict(TSrc example) => throw StandInError.Fail();

        public abstract void Predict(TSrc example, ref TDst prediction);
    }

    // src/Microsoft.ML.Data/Prediction/PredictionEngine.cs
    public sealed class PredictionEngine<TSrc, TDst> : PredictionEngineBase<TSrc, TDst>
        where TSrc : class
        where TDst : class, new()
    {
        private PredictionEngine() => throw StandInError.Fail();

        public override void Predict(TSrc example, ref TDst prediction) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/DataLoadSave/EstimatorExtensions.cs
    public static class LearningPipelineExtensions
    {
        public static EstimatorChain<TTrans> Append<TTrans>(
            this IEstimator<ITransformer> start, IEstimator<TTrans> estimator,
            TransformerScope scope = TransformerScope.Everything)
            where TTrans : class, ITransformer
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ExtensionsCatalog.cs
    public static class TransformExtensionsCatalog
    {
        public static ColumnCopyingEstimator CopyColumns(this TransformsCatalog catalog, string outputColumnName, string inputColumnName)
            => throw StandInError.Fail();

        public static ColumnConcatenatingEstimator Concatenate(this TransformsCatalog catalog, string outputColumnName, params string[] inputColumnNames)
            => throw StandInError.Fail();

        public static ColumnSelectingEstimator DropColumns(this TransformsCatalog catalog, params string[] columnNames)
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ConversionsExtensionsCatalog.cs (the IDataView-lookup overload only)
    public static class ConversionsExtensionsCatalog
    {
        public static ValueMappingEstimator MapValue(
            this TransformsCatalog.ConversionTransforms catalog,
            string outputColumnName, IDataView lookupMap, DataViewSchema.Column keyColumn, DataViewSchema.Column valueColumn, string inputColumnName = null)
            => throw StandInError.Fail();
    }
}

namespace Microsoft.ML.Data
{
    // src/Microsoft.ML.Data/Data/SchemaDefinition.cs (members omitted: only passed as null)
    public sealed class SchemaDefinition : List<SchemaDefinition.Column>
    {
        private SchemaDefinition() => throw StandInError.Fail();

        public sealed class Column
        {
            private Column() => throw StandInError.Fail();
        }
    }

    // Attributes below: constructors do not throw (metadata only, like CustomMappingFactoryAttributeAttribute), so
    // reflecting over annotated classes works in stand-in mode.
    // src/Microsoft.ML.Data/Data/SchemaDefinition.cs (Name is internal)
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class ColumnNameAttribute : Attribute
    {
        public ColumnNameAttribute(string name)
        {
        }
    }

    // src/Microsoft.ML.Data/Data/SchemaDefinition.cs (Dims is internal)
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class VectorTypeAttribute : Attribute
    {
        public VectorTypeAttribute()
        {
        }

        public VectorTypeAttribute(int size)
        {
        }

        public VectorTypeAttribute(params int[] dimensions)
        {
        }
    }

    // src/Microsoft.ML.Data/DataLoadSave/Text/LoadColumnAttribute.cs (Sources is internal)
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class LoadColumnAttribute : Attribute
    {
        public LoadColumnAttribute(int fieldIndex)
        {
        }

        public LoadColumnAttribute(int start, int end)
        {
        }

        public LoadColumnAttribute(int[] columnIndexes)
        {
        }
    }

    // src/Microsoft.ML.Data/DataLoadSave/TransformerChain.cs
    [Flags]
    public enum TransformerScope
    {
        None = 0,
        Training = 1 << 0,
        Testing = 1 << 1,
        Scoring = 1 << 2,
        TrainTest = Training | Testing,
        Everything = Training | Testing | Scoring
    }

    // src/Microsoft.ML.Data/DataLoadSave/TransformerChain.cs (ITransformerChainAccessor is internal)
    public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>
        where TLastTransformer : class, ITransformer
    {
        public readonly TLastTransformer LastTransformer;

        public TransformerChain(params ITransformer[] transformers) => throw StandInError.Fail();

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        public IDataView Transform(IDataView input) => throw StandInError.Fail();

        public IEnumerator<ITransformer> GetEnumerator() => throw StandInError.Fail();

        IEnumerator IEnumerable.GetEnumerator() => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/DataLoadSave/EstimatorChain.cs
    public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
        where TLastTransformer : class, ITransformer
    {
        public EstimatorChain() => throw StandInError.Fail();

        public TransformerChain<TLastTransformer> Fit(IDataView input) => throw StandInError.Fail();

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();

        public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator, TransformerScope scope = TransformerScope.Everything)
            where TNewTrans : class, ITransformer
            => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/DataLoadSave/TrivialEstimator.cs (constructor, Host and Transformer are [BestFriend]
    // private protected: a third party cannot derive from it)
    public abstract class TrivialEstimator<TTransformer> : IEstimator<TTransformer>
        where TTransformer : class, ITransformer
    {
        private protected TrivialEstimator() => throw StandInError.Fail();

        public TTransformer Fit(IDataView input) => throw StandInError.Fail();

        public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);
    }
}

namespace Microsoft.ML.Transforms
{
    // In ML.NET the transformers below derive from public abstract bases (OneToOneTransformerBase,
    // RowToRowTransformerBase) whose public members are not declared here: the stand-in implements ITransformer
    // explicitly, so code compiled against it can only use them as ITransformer, which ML.NET allows too.

    // src/Microsoft.ML.Data/Transforms/ColumnCopying.cs
    public sealed class ColumnCopyingEstimator : TrivialEstimator<ColumnCopyingTransformer>
    {
        private ColumnCopyingEstimator() => throw StandInError.Fail();

        public override SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ColumnCopying.cs
    public sealed class ColumnCopyingTransformer : ITransformer
    {
        private ColumnCopyingTransformer() => throw StandInError.Fail();

        DataViewSchema ITransformer.GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        IDataView ITransformer.Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ColumnSelecting.cs
    public sealed class ColumnSelectingEstimator : TrivialEstimator<ColumnSelectingTransformer>
    {
        private ColumnSelectingEstimator() => throw StandInError.Fail();

        public override SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ColumnSelecting.cs
    public sealed class ColumnSelectingTransformer : ITransformer
    {
        private ColumnSelectingTransformer() => throw StandInError.Fail();

        DataViewSchema ITransformer.GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        IDataView ITransformer.Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ColumnConcatenatingEstimator.cs (an IEstimator, not a TrivialEstimator)
    public sealed class ColumnConcatenatingEstimator : IEstimator<ColumnConcatenatingTransformer>
    {
        private ColumnConcatenatingEstimator() => throw StandInError.Fail();

        public ColumnConcatenatingTransformer Fit(IDataView input) => throw StandInError.Fail();

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ColumnConcatenatingTransformer.cs
    public sealed class ColumnConcatenatingTransformer : ITransformer
    {
        private ColumnConcatenatingTransformer() => throw StandInError.Fail();

        DataViewSchema ITransformer.GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        IDataView ITransformer.Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/Normalizer.cs ("public sealed class NormalizingEstimator :
    // IEstimator<NormalizingTransformer>"; constructors internal, NormalizationMode and the column options omitted)
    public sealed class NormalizingEstimator : IEstimator<NormalizingTransformer>
    {
        private NormalizingEstimator() => throw StandInError.Fail();

        public NormalizingTransformer Fit(IDataView input) => throw StandInError.Fail();

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/Normalizer.cs ("public sealed partial class NormalizingTransformer :
    // OneToOneTransformerBase"; GetNormalizerModelParameters omitted)
    public sealed class NormalizingTransformer : ITransformer
    {
        private NormalizingTransformer() => throw StandInError.Fail();

        DataViewSchema ITransformer.GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        IDataView ITransformer.Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ValueMapping.cs (not sealed: ValueMappingEstimator<TKey, TValue> derives from it; GetOutputSchema is sealed override)
    public class ValueMappingEstimator : TrivialEstimator<ValueMappingTransformer>
    {
        private protected ValueMappingEstimator() => throw StandInError.Fail();

        public sealed override SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Data/Transforms/ValueMapping.cs
    public class ValueMappingTransformer : ITransformer
    {
        private protected ValueMappingTransformer() => throw StandInError.Fail();

        DataViewSchema ITransformer.GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        IDataView ITransformer.Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }
}
