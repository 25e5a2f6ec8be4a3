using System.IO;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>Saves and loads a trained forecaster together with its <see cref="ModelDescription"/> (MODEL.json beside it).</summary>
internal static class ModelFile
{
    public static string DescriptionPath(string modelPath) => modelPath + ".json";

    public static void Save(LstmForecaster forecaster, ModelDescription description, string path)
    {
        forecaster.Save(path);
        File.WriteAllText(DescriptionPath(path), description.ToJson());
    }

    /// <summary>The forecaster and its description; the description is null when MODEL.json is missing.</summary>
    public static (LstmForecaster Forecaster, ModelDescription? Description) Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model file '{path}' does not exist (train writes it with --model).", path);
        LstmForecaster forecaster = LstmForecaster.Load(path);
        string descriptionPath = DescriptionPath(path);
        ModelDescription? description = File.Exists(descriptionPath)
            ? ModelDescription.FromJson(File.ReadAllText(descriptionPath), descriptionPath)
            : null;
        return (forecaster, description);
    }
}
