using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The windowed LSTM forecaster as a regression trainer: a label column (the value after each row's window) and a
/// features column (the window, oldest value first), a Single <c>Score</c> column out. Created by
/// <c>mlContext.Regression.Trainers.Lstm(...)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Why not a real ML.NET trainer: ML.NET's trainer base (<c>TrainerEstimatorBase</c>) has a private protected
/// constructor and abstract members over internal types, and <c>ITrainerEstimator</c> needs a <c>TrainerInfo</c>, whose
/// constructor is internal; the regression prediction transformer's constructor is internal too. The closest public
/// shape is this one: an extension method on <c>RegressionCatalog.RegressionTrainers</c> (as ML.NET's separately
/// packaged trainers, e.g. LightGbm, are), an <see cref="IEstimator{TTransformer}"/>, and a transformer implementing
/// the public <see cref="ISingleFeaturePredictionTransformer{TModel}"/> (with the <see cref="LstmForecaster"/> as
/// its model). It appends to pipelines, its Score column works with <c>mlContext.Regression.Evaluate</c>, and it saves
/// and loads like <see cref="LstmForecastingEstimator"/>. Tools that enumerate ML.NET's trainers (AutoML, Model
/// Builder) do not list it.
/// </para>
/// <para>
/// The rows must be successive windows of one series in time order (each row's window is the previous row's shifted by
/// one step, and each label is the next row's newest value), as lag featurizers produce; featurizers that rescale each
/// slot (NormalizeMinMax and the like) are allowed and undone. Do not shuffle or sample the rows: split by time. The
/// score is in the label's units. The features vector may hold several windows end to end (the target's first, then
/// one per feature) when <see cref="Options.WindowSize"/> divides its size.
/// </para>
/// </remarks>
public sealed class LstmRegressionTrainer : IEstimator<LstmRegressionTransformer>
{
    /// <summary>The settings of <see cref="LstmRegressionTrainer"/>; each field is one parameter of
    /// <c>Regression.Trainers.Lstm</c>, with the same name and default.</summary>
    public sealed class Options : LstmOptionsBase
    {
        /// <summary>The label column: Single, the value after each row's window. Default "Label".</summary>
        public string LabelColumnName = DefaultLabel;

        /// <summary>The features column: a known-size vector of Single, the window (oldest value first). Default "Features".</summary>
        public string FeatureColumnName = DefaultFeatures;

        /// <summary>Steps per window; 0 (default) takes the whole features vector as one window.</summary>
        public int WindowSize;

        internal const string DefaultLabel = "Label";
        internal const string DefaultFeatures = "Features";
        internal const string ScoreColumn = "Score";

        internal Options Clone() => (Options)MemberwiseClone();

        internal void Validate()
        {
            CheckName(LabelColumnName, "labelColumnName");
            CheckName(FeatureColumnName, "featureColumnName");
            if (LabelColumnName == FeatureColumnName)
                throw new ArgumentException($"The label and features columns must be different; both are '{LabelColumnName}'.", "featureColumnName");
            if (WindowSize < 0)
                throw new ArgumentOutOfRangeException("windowSize", WindowSize, $"windowSize must be positive, or 0 for the whole features vector; got {WindowSize}.");
            ValidateTraining(1, WindowSize, LstmDefaults.ConfidenceLevel);
        }

        internal LstmChainSpec ChainSpec() =>
            new(new[] { FeatureColumnName }, Score: true, new[] { (ScoreColumn, LstmColumns.Score) });
    }

    private readonly MlNetEnvironment _env;
    private readonly Options _options;

    internal LstmRegressionTrainer(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _env = new MlNetEnvironment(env, MlNetEnvironment.ComponentName + ".Regression");
    }

    /// <summary>Trains on <paramref name="input"/> (read once, in row order).</summary>
    public LstmRegressionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LstmSchemaRules.CheckReservedNames(MlNetSchema.Names(input.Schema));
        LstmLayout layout = LstmSchemaRules.ResolveRegression(MlNetSchema.Describe(input.Schema, _options.LabelColumnName),
            MlNetSchema.Describe(input.Schema, _options.FeatureColumnName), _options.WindowSize, sizesKnown: true);
        var builder = new MLContext(seed: 0);
        LstmChainSpec spec = _options.ChainSpec();
        List<float[]> rows = LstmChain.ReadData(builder, input, new[] { _options.FeatureColumnName, _options.LabelColumnName });
        // Each row: the windows, then the label.
        int width = layout.Window * layout.Channels;
        float[] labels = rows.Select(r => r[width]).ToArray();
        List<float[]> windows = rows.Select(r => r[..width]).ToList();
        WindowedSeries series = TrainingSeries.FromWindows(windows, layout.Window, layout.Channels, labels, _options.FeatureColumnName, _options.LabelColumnName);
        _env.Info("Training", series.Description);

        int seed = _options.Seed ?? _env.NextSeed();
        LstmForecaster forecaster = LstmForecastingEstimator.Train(_env, series.Series,
            _options.ToForecasterOptions(horizon: 1, layout.Window, LstmDefaults.ConfidenceLevel, seed), rows.Count, _options.Seed.HasValue);
        var blob = new LstmModelBlob(LstmInputKind.Windowed, layout.Window, layout.Channels, series.SlotScale, series.SlotOffset, ForecasterCodec.ToBytes(forecaster));
        TransformerChain<ITransformer> chain = LstmChain.Build(builder, spec, blob.ToText()).Fit(input);
        return new LstmRegressionTransformer(chain, blob, _options.Clone(), input.Schema[_options.FeatureColumnName].Type);
    }

    /// <summary>The output schema: the input's plus the Single Score column (computed by ML.NET's own inner chain).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        LstmSchemaRules.CheckReservedNames(MlNetSchema.Names(inputSchema));
        LstmSchemaRules.ResolveRegression(MlNetSchema.Describe(inputSchema, _options.LabelColumnName),
            MlNetSchema.Describe(inputSchema, _options.FeatureColumnName), _options.WindowSize, sizesKnown: false);
        return LstmChain.Build(new MLContext(seed: 0), _options.ChainSpec(), LstmModelBlob.Prefix).GetOutputSchema(inputSchema);
    }
}

/// <summary>
/// The fitted <see cref="LstmRegressionTrainer"/>: a Single <c>Score</c> per row, the forecast of the value after the
/// row's window. Like <see cref="LstmForecastingTransformer"/>, it is a thin wrapper of an ML.NET chain
/// (<see cref="InnerModel"/>), which is what is saved and what <c>Model.Load</c> returns.
/// </summary>
public sealed class LstmRegressionTransformer : ISingleFeaturePredictionTransformer<LstmForecaster>
{
    private readonly LstmModelBlob _blob;
    private readonly LstmRegressionTrainer.Options _options;
    private readonly Lazy<LstmForecaster> _model;

    internal LstmRegressionTransformer(ITransformer innerModel, LstmModelBlob blob, LstmRegressionTrainer.Options options, DataViewType featureColumnType)
    {
        InnerModel = innerModel;
        _blob = blob;
        _options = options;
        FeatureColumnType = featureColumnType;
        _model = new Lazy<LstmForecaster>(blob.CreateForecaster);
    }

    /// <summary>The ML.NET chain this transformer is (what is saved, and what <c>Model.Load</c> returns).</summary>
    public ITransformer InnerModel { get; }

    /// <summary>The model blob (for tests and the helpers).</summary>
    internal LstmModelBlob Blob => _blob;

    /// <summary>The trained forecaster (horizon 1), decoded from the model once; a copy: changing it does not change
    /// this transformer.</summary>
    public LstmForecaster Model => _model.Value;

    /// <summary>The features column.</summary>
    public string FeatureColumnName => _options.FeatureColumnName;

    /// <summary>The features column's type at training.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>The label column the trainer read.</summary>
    public string LabelColumnName => _options.LabelColumnName;

    /// <summary>Steps per window.</summary>
    public int WindowSize => _blob.Window;

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => InnerModel.IsRowToRowMapper;

    /// <summary>The output schema: the input's plus Score.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return InnerModel.GetOutputSchema(inputSchema);
    }

    /// <summary>Scores every row.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input.Schema);
        return InnerModel.Transform(input);
    }

    /// <summary>The row-to-row mapper of <see cref="InnerModel"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return InnerModel.GetRowToRowMapper(inputSchema);
    }

    /// <summary>Saves <see cref="InnerModel"/>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => InnerModel.Save(ctx);

    internal LstmRegressionTransformer WithModel(ITransformer innerModel) => new(innerModel, _blob, _options, FeatureColumnType);

    private void Check(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        LstmSchemaRules.CheckReservedNames(MlNetSchema.Names(schema));
        ColumnTypeInfo features = MlNetSchema.Describe(schema, _options.FeatureColumnName);
        LstmLayout layout = LstmSchemaRules.ResolveRegression(null, features, _blob.Window, sizesKnown: true);
        if (layout.Channels != _blob.Channels)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{_options.FeatureColumnName}' (featureColumnName): expected Vector<Single, {_blob.Window * _blob.Channels}>, found {features.Describe()}.");
    }
}
