using System;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Transforms;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// The saved-model contract, checked without ML.NET's runtime: the contract names, the factories ML.NET finds by them,
/// the column names of the mapping rows, and the assembly identity a saved model records.
/// </summary>
public class LstmContractTests
{
    [Theory]
    [InlineData(typeof(LstmModelKeyMappingFactory), "Microsoft.ML.Lstm.ModelKey.v1")]
    [InlineData(typeof(LstmForecastMappingFactory), "Microsoft.ML.Lstm.Forecast.v1")]
    [InlineData(typeof(LstmScoreMappingFactory), "Microsoft.ML.Lstm.Score.v1")]
    public void Each_factory_carries_its_versioned_contract_name(Type factory, string contract)
    {
        CustomAttributeData attribute = factory.CustomAttributes.Single(a => a.AttributeType == typeof(CustomMappingFactoryAttributeAttribute));
        Assert.Equal(contract, attribute.ConstructorArguments.Single().Value);
        Assert.True(factory.IsPublic && factory.IsSealed && factory.GetConstructor(Type.EmptyTypes) != null,
            "ML.NET instantiates the factory by reflection: public, with a parameterless constructor");
    }

    [Fact]
    public void The_mappings_are_static_methods_of_this_library()
    {
        // ML.NET saves the assembly of the mapping's declaring type and loads it back to find the factory.
        Delegate[] mappings =
        {
            new LstmModelKeyMappingFactory().GetMapping(),
            new LstmForecastMappingFactory().GetMapping(), new LstmForecastMappingFactory().GetStateInitAction(),
            new LstmScoreMappingFactory().GetMapping(), new LstmScoreMappingFactory().GetStateInitAction(),
        };
        foreach (Delegate d in mappings)
        {
            Assert.True(d.Method.IsStatic, d.Method.Name);
            Assert.Equal(typeof(LstmForecastingTransformer).Assembly, d.Method.DeclaringType!.Assembly);
        }
    }

    [Fact]
    public void The_saved_model_records_a_fixed_assembly_version()
    {
        Assert.Equal(new Version(1, 0, 0, 0), typeof(LstmForecastingTransformer).Assembly.GetName().Version);
    }

    [Theory]
    [InlineData(typeof(LstmModelKeySource), new string[0])]
    [InlineData(typeof(LstmModelKeyRow), new[] { "__LstmModelKey" })]
    [InlineData(typeof(LstmMappingSource), new[] { "__LstmData", "__LstmModel" })]
    [InlineData(typeof(LstmForecastRow), new[] { "__LstmForecast", "__LstmLowerBound", "__LstmUpperBound" })]
    [InlineData(typeof(LstmScoreRow), new[] { "__LstmScore" })]
    public void Mapping_rows_expose_exactly_the_contract_columns(Type row, string[] columns)
    {
        // ML.NET binds every public instance field and property of these classes to a column.
        Assert.Empty(row.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        string[] names = row.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Select(f => (string)f.CustomAttributes.Single(a => a.AttributeType == typeof(ColumnNameAttribute)).ConstructorArguments.Single().Value!)
            .ToArray();
        Assert.Equal(columns, names);
        Assert.All(names, n => Assert.Contains(n, LstmColumns.Reserved));
    }

    [Fact]
    public void The_model_blob_is_bound_as_text_without_a_copy()
    {
        Assert.Equal(typeof(ReadOnlyMemory<char>), typeof(LstmMappingSource).GetField(nameof(LstmMappingSource.Model))!.FieldType);
    }

    [Fact]
    public void The_state_has_no_public_members_ML_NET_would_bind()
    {
        Assert.Empty(typeof(LstmMappingState).GetFields(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(typeof(LstmMappingState).GetProperties(BindingFlags.Public | BindingFlags.Instance));
    }
}
