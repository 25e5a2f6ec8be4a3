using System.Collections.Generic;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>The fixed column names of the saved-model contract (internal columns, dropped at the end of the chain).</summary>
internal static class LstmColumns
{
    /// <summary>The input column (and feature columns) concatenated into one vector: the mapping's only data input.</summary>
    public const string Data = "__LstmData";

    /// <summary>The constant key the model blob is looked up by.</summary>
    public const string ModelKey = "__LstmModelKey";

    /// <summary>The model blob (text), the value of the ValueMapping lookup.</summary>
    public const string Model = "__LstmModel";

    public const string Forecast = "__LstmForecast";
    public const string LowerBound = "__LstmLowerBound";
    public const string UpperBound = "__LstmUpperBound";
    public const string Score = "__LstmScore";

    /// <summary>The key and value columns of the lookup table (only inside the ValueMapping's saved data).</summary>
    public const string LookupKey = "Key";
    public const string LookupValue = "Model";

    /// <summary>The one key of the lookup table.</summary>
    public const float ModelKeyValue = 1f;

    public static readonly IReadOnlyList<string> Reserved = new[] { Data, ModelKey, Model, Forecast, LowerBound, UpperBound, Score };
}

/// <summary>The contract names the mappings are saved under (CustomMappingFactoryAttribute): part of the model file format.</summary>
internal static class LstmContracts
{
    public const string ModelKey = "Microsoft.ML.Lstm.ModelKey.v1";
    public const string Forecast = "Microsoft.ML.Lstm.Forecast.v1";
    public const string Score = "Microsoft.ML.Lstm.Score.v1";
}
