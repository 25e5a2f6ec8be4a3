// Assembly Microsoft.ML.Transforms (package Microsoft.ML).
using System;
using Microsoft.ML.Data;
using Microsoft.ML.StandIn;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.Transforms
{
    // src/Microsoft.ML.Transforms/CustomMappingFactory.cs. The attribute a saveable custom mapping's factory class
    // carries, with the same contract name as the CustomMapping / StatefulCustomMapping call; ML.NET finds the factory
    // on Model.Load by scanning the assembly of the type that declared the mapping action
    // (ComponentCatalog.RegisterAssembly is needed only up to v1.5-preview2, per CustomMappingCatalog's comment).
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class CustomMappingFactoryAttributeAttribute : ExtensionBaseAttribute
    {
        public CustomMappingFactoryAttributeAttribute(string contractName)
            : base(contractName)
        {
        }
    }

    // src/Microsoft.ML.Transforms/CustomMappingFactory.cs (it also implements the internal ICustomMappingFactory)
    public abstract class CustomMappingFactory<TSrc, TDst>
        where TSrc : class, new()
        where TDst : class, new()
    {
        public abstract Action<TSrc, TDst> GetMapping();
    }

    // src/Microsoft.ML.Transforms/CustomMappingFactory.cs (it also implements the internal ICustomMappingFactory)
    public abstract class StatefulCustomMappingFactory<TSrc, TDst, TState>
        where TSrc : class, new()
        where TDst : class, new()
        where TState : class, new()
    {
        public abstract Action<TSrc, TDst, TState> GetMapping();

        public abstract Action<TState> GetStateInitAction();
    }

    // src/Microsoft.ML.Transforms/CustomMappingTransformer.cs (public constructor omitted: the catalog creates it)
    public sealed class CustomMappingEstimator<TSrc, TDst> : TrivialEstimator<CustomMappingTransformer<TSrc, TDst>>
        where TSrc : class, new()
        where TDst : class, new()
    {
        private CustomMappingEstimator() => throw StandInError.Fail();

        public override SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Transforms/CustomMappingTransformer.cs
    public sealed class CustomMappingTransformer<TSrc, TDst> : ITransformer
        where TSrc : class, new()
        where TDst : class, new()
    {
        private CustomMappingTransformer() => throw StandInError.Fail();

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        public IDataView Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Transforms/StatefulCustomMappingTransformer.cs (type parameters in the order TSrc, TDst, TState
    // since the catalog method returns StatefulCustomMappingEstimator<TSrc, TDst, TState>; older versions had
    // TSrc, TState, TDst)
    public sealed class StatefulCustomMappingEstimator<TSrc, TDst, TState> : TrivialEstimator<StatefulCustomMappingTransformer<TSrc, TDst, TState>>
        where TSrc : class, new()
        where TDst : class, new()
        where TState : class, new()
    {
        private StatefulCustomMappingEstimator() => throw StandInError.Fail();

        public override SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Transforms/StatefulCustomMappingTransformer.cs
    public sealed class StatefulCustomMappingTransformer<TSrc, TDst, TState> : ITransformer
        where TSrc : class, new()
        where TDst : class, new()
        where TState : class, new()
    {
        private StatefulCustomMappingTransformer() => throw StandInError.Fail();

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw StandInError.Fail();

        public IDataView Transform(IDataView input) => throw StandInError.Fail();

        bool ITransformer.IsRowToRowMapper => throw StandInError.Fail();

        IRowToRowMapper ITransformer.GetRowToRowMapper(DataViewSchema inputSchema) => throw StandInError.Fail();

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw StandInError.Fail();
    }
}

namespace Microsoft.ML
{
    // src/Microsoft.ML.Transforms/CustomMappingCatalog.cs (FilterByCustomPredicate and FilterByStatefulCustomPredicate
    // omitted)
    public static class CustomMappingCatalog
    {
        public static CustomMappingEstimator<TSrc, TDst> CustomMapping<TSrc, TDst>(this TransformsCatalog catalog, Action<TSrc, TDst> mapAction, string contractName,
                SchemaDefinition inputSchemaDefinition = null, SchemaDefinition outputSchemaDefinition = null)
            where TSrc : class, new()
            where TDst : class, new()
            => throw StandInError.Fail();

        public static StatefulCustomMappingEstimator<TSrc, TDst, TState> StatefulCustomMapping<TSrc, TDst, TState>(this TransformsCatalog catalog, Action<TSrc, TDst, TState> mapAction,
            Action<TState> stateInitAction, string contractName)
            where TSrc : class, new()
            where TDst : class, new()
            where TState : class, new()
            => throw StandInError.Fail();
    }
}
