// Assembly Microsoft.ML.Core (package Microsoft.ML).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.StandIn;

namespace Microsoft.ML.Runtime
{
    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs (members omitted: ContextDescription, Process<TException>)
    public interface IExceptionContext
    {
    }

    // src/Microsoft.ML.Core/Data/IProgressChannel.cs (members omitted: StartProgressChannel)
    public interface IProgressChannelProvider
    {
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs (member omitted: StartPipe<TMessage>)
    public interface IChannelProvider : IExceptionContext
    {
        IChannel Start(string name);
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs; the 5.0 form of Register (no 'conc') is the one
    // learn.microsoft.com documents for microsoft.ml.runtime.ihostenvironment.register and MLContext.cs implements.
    // IHostEnvironmentInternal (Seed, TempFilePath, GpuDeviceId, FallbackToCpu) is internal: not declared.
    public interface IHostEnvironment : IChannelProvider, IProgressChannelProvider
    {
        IHost Register(string name, int? seed = null, bool? verbose = null);

        ComponentCatalog ComponentCatalog { get; }
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs (Rand is System.Random since 1.0: learn.microsoft.com
    // microsoft.ml.runtime.ihost.rand); member omitted: StopExecution
    public interface IHost : IHostEnvironment
    {
        Random Rand { get; }
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs
    public interface IPipe<TMessage> : IExceptionContext, IDisposable
    {
        void Send(TMessage msg);
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs
    public enum ChannelMessageKind
    {
        Trace = 0,
        Info = 1,
        Warning = 2,
        Error = 3
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs
    [Flags]
    public enum MessageSensitivity
    {
        None = 0,
        UserData = 0x1,
        Schema = 0x2,
        Unknown = ~None,
        All = Unknown,
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs (fields Kind, Sensitivity and Message declared; constructors omitted)
    public struct ChannelMessage
    {
        public readonly ChannelMessageKind Kind;
        public readonly MessageSensitivity Sensitivity;
        public string Message => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Core/Data/IHostEnvironment.cs
    public interface IChannel : IPipe<ChannelMessage>
    {
        void Trace(MessageSensitivity sensitivity, string fmt);
        void Trace(MessageSensitivity sensitivity, string fmt, params object[] args);
        void Error(MessageSensitivity sensitivity, string fmt);
        void Error(MessageSensitivity sensitivity, string fmt, params object[] args);
        void Warning(MessageSensitivity sensitivity, string fmt);
        void Warning(MessageSensitivity sensitivity, string fmt, params object[] args);
        void Info(MessageSensitivity sensitivity, string fmt);
        void Info(MessageSensitivity sensitivity, string fmt, params object[] args);
    }

    // src/Microsoft.ML.Core/ComponentModel/ComponentCatalog.cs (public sealed, internal constructor)
    public sealed class ComponentCatalog
    {
        internal ComponentCatalog() => throw StandInError.Fail();

        public void RegisterAssembly(Assembly assembly, bool throwOnError = true) => throw StandInError.Fail();
    }
}

namespace Microsoft.ML
{
    // src/Microsoft.ML.Core/ComponentModel/ExtensionBaseAttribute.cs (constructor is [BestFriend] private protected)
    [AttributeUsage(AttributeTargets.Class)]
    public abstract class ExtensionBaseAttribute : Attribute
    {
        public string ContractName { get; }

        private protected ExtensionBaseAttribute(string contractName) => ContractName = contractName;
    }

    // src/Microsoft.ML.Core/Data/ModelSaveContext.cs: only Dispose() is public (learn.microsoft.com
    // microsoft.ml.modelsavecontext); every writing member is internal, so a third-party ITransformer cannot save itself.
    public sealed class ModelSaveContext : IDisposable
    {
        internal ModelSaveContext() => throw StandInError.Fail();

        public void Dispose() => throw StandInError.Fail();
    }

    // src/Microsoft.ML.Core/Data/ICanSaveModel.cs (learn.microsoft.com microsoft.ml.icansavemodel)
    public interface ICanSaveModel
    {
        void Save(ModelSaveContext ctx);
    }

    // src/Microsoft.ML.Core/Data/IRowToRowMapper.cs (members omitted: the library never maps rows itself)
    public interface IRowToRowMapper
    {
    }

    // src/Microsoft.ML.Core/Data/IEstimator.cs
    public interface ITransformer : ICanSaveModel
    {
        DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

        IDataView Transform(IDataView input);

        bool IsRowToRowMapper { get; }

        IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema);
    }

    // src/Microsoft.ML.Core/Data/IEstimator.cs
    public interface IEstimator<out TTransformer>
        where TTransformer : ITransformer
    {
        TTransformer Fit(IDataView input);

        SchemaShape GetOutputSchema(SchemaShape inputSchema);
    }

    // src/Microsoft.ML.Core/Data/IEstimator.cs. SchemaShape.Column's constructor is [BestFriend] internal: a third
    // party cannot make a column shape, only pass on the ones ML.NET estimators produce.
    public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
    {
        public int Count => throw StandInError.Fail();

        public Column this[int index] => throw StandInError.Fail();

        public readonly struct Column
        {
            public enum VectorKind
            {
                Scalar,
                Vector,
                VariableVector
            }

            public readonly string Name;
            public readonly VectorKind Kind;
            public readonly DataViewType ItemType;
            public readonly bool IsKey;
            public readonly SchemaShape Annotations;
        }

        public SchemaShape(IEnumerable<Column> columns) => throw StandInError.Fail();

        public IEnumerator<Column> GetEnumerator() => throw StandInError.Fail();

        IEnumerator IEnumerable.GetEnumerator() => throw StandInError.Fail();
    }
}
