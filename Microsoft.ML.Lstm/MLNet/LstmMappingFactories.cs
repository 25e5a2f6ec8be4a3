using System;
using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.Lstm.MLNet;

// The factories ML.NET looks up by contract name when it loads a saved model (LambdaTransform.Create: it loads the
// assembly whose name the model recorded, registers it in the context's ComponentCatalog and asks for the class carrying
// CustomMappingFactoryAttribute with that contract name). The contract names are versioned: a future, incompatible
// mapping gets a new name and these stay, so older model files keep loading.

/// <summary>Rebuilds the model-key mapping of a saved LSTM model. Saved-model contract; not for direct use.</summary>
[CustomMappingFactoryAttribute(LstmContracts.ModelKey)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmModelKeyMappingFactory : CustomMappingFactory<LstmModelKeySource, LstmModelKeyRow>
{
    /// <inheritdoc />
    public override Action<LstmModelKeySource, LstmModelKeyRow> GetMapping() => LstmMappings.MapModelKey;
}

/// <summary>Rebuilds the forecast mapping of a saved LSTM model. Saved-model contract; not for direct use.</summary>
[CustomMappingFactoryAttribute(LstmContracts.Forecast)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmForecastMappingFactory : StatefulCustomMappingFactory<LstmMappingSource, LstmForecastRow, LstmMappingState>
{
    /// <inheritdoc />
    public override Action<LstmMappingSource, LstmForecastRow, LstmMappingState> GetMapping() => LstmMappings.MapForecast;

    /// <inheritdoc />
    public override Action<LstmMappingState> GetStateInitAction() => LstmMappings.InitState;
}

/// <summary>Rebuilds the score mapping of a saved LSTM regression model. Saved-model contract; not for direct use.</summary>
[CustomMappingFactoryAttribute(LstmContracts.Score)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmScoreMappingFactory : StatefulCustomMappingFactory<LstmMappingSource, LstmScoreRow, LstmMappingState>
{
    /// <inheritdoc />
    public override Action<LstmMappingSource, LstmScoreRow, LstmMappingState> GetMapping() => LstmMappings.MapScore;

    /// <inheritdoc />
    public override Action<LstmMappingState> GetStateInitAction() => LstmMappings.InitState;
}
