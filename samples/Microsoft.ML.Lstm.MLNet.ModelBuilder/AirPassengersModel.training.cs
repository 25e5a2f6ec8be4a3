// This file shows how the model is trained; the shape is Model Builder's (BuildPipeline, RetrainPipeline, Train).
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace AirPassengers_ConsoleApp;

public partial class AirPassengersModel
{
    /// <summary>The data the model was trained on.</summary>
    public const string RetrainFilePath = "data/AirPassengers.csv";
    public const char RetrainSeparatorChar = ',';
    public const bool RetrainHasHeader = true;

    /// <summary>Trains the model on the data file and saves it to <paramref name="outputModelPath"/>.</summary>
    public static void Train(string outputModelPath, string inputDataFilePath = RetrainFilePath, char separatorChar = RetrainSeparatorChar,
        bool hasHeader = RetrainHasHeader)
    {
        var mlContext = new MLContext(seed: 0);
        IDataView data = LoadIDataViewFromFile(mlContext, inputDataFilePath, separatorChar, hasHeader);
        ITransformer model = RetrainPipeline(mlContext, data);
        SaveModel(mlContext, model, data, outputModelPath);
    }

    /// <summary>Loads the data file (the columns of <see cref="ModelInput"/>).</summary>
    public static IDataView LoadIDataViewFromFile(MLContext mlContext, string inputDataFilePath, char separatorChar, bool hasHeader) =>
        mlContext.Data.LoadFromTextFile<ModelInput>(inputDataFilePath, separatorChar: separatorChar, hasHeader: hasHeader);

    /// <summary>Saves the model (an ML.NET zip; Model.Load returns a TransformerChain that forecasts the same).</summary>
    public static void SaveModel(MLContext mlContext, ITransformer model, IDataView data, string modelSavePath)
    {
        DataViewSchema dataViewSchema = data.Schema;
        using FileStream fs = File.Create(modelSavePath);
        mlContext.Model.Save(model, dataViewSchema, fs);
    }

    /// <summary>Retrains the pipeline on <paramref name="trainData"/> (rows in time order).</summary>
    public static ITransformer RetrainPipeline(MLContext mlContext, IDataView trainData)
    {
        IEstimator<ITransformer> pipeline = BuildPipeline(mlContext);
        return pipeline.Fit(trainData);
    }

    /// <summary>The pipeline: forecast the next 12 months of "value", with 95% bounds.</summary>
    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext)
    {
        var pipeline = mlContext.Forecasting.ForecastByLstm(outputColumnName: @"value", inputColumnName: @"value", windowSize: 24,
            horizon: 12, confidenceLowerBoundColumn: @"value_LB", confidenceUpperBoundColumn: @"value_UB", confidenceLevel: 0.95f,
            seasonPeriod: 12, ensembleSize: 3, epochs: 100);
        return pipeline;
    }
}
