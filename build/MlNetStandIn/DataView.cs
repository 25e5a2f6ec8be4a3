// Assembly Microsoft.ML.DataView (package Microsoft.ML.DataView, a dependency of Microsoft.ML).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.ML.Data;
using Microsoft.ML.StandIn;

namespace Microsoft.ML
{
    // src/Microsoft.ML.DataView/IDataView.cs (members omitted: GetRowCursor, GetRowCursorSet: the library reads data
    // through ML.NET's typed APIs, not cursors)
    public interface IDataView
    {
        bool CanShuffle { get; }

        long? GetRowCount();

        DataViewSchema Schema { get; }
    }

    // src/Microsoft.ML.DataView/DataViewSchema.cs (omitted: DetachedColumn, Builder, Annotations.Builder and getters)
    public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
    {
        private DataViewSchema() => throw StandInError.Fail();

        public int Count => throw StandInError.Fail();

        public Column this[string name] => throw StandInError.Fail();

        public Column this[int columnIndex] => throw StandInError.Fail();

        public Column? GetColumnOrNull(string name) => throw StandInError.Fail();

        public IEnumerator<Column> GetEnumerator() => throw StandInError.Fail();

        IEnumerator IEnumerable.GetEnumerator() => throw StandInError.Fail();

        public struct Column
        {
            public string Name => throw StandInError.Fail();

            public int Index => throw StandInError.Fail();

            public bool IsHidden => throw StandInError.Fail();

            public DataViewType Type => throw StandInError.Fail();

            public Annotations Annotations => throw StandInError.Fail();
        }

        public sealed class Annotations
        {
            private Annotations() => throw StandInError.Fail();

            public DataViewSchema Schema => throw StandInError.Fail();

            public static Annotations Empty => throw StandInError.Fail();
        }
    }
}

namespace Microsoft.ML.Data
{
    // src/Microsoft.ML.DataView/DataViewType.cs (constructor is private protected)
    public abstract class DataViewType : IEquatable<DataViewType>
    {
        private protected DataViewType(Type rawType) => throw StandInError.Fail();

        public Type RawType => throw StandInError.Fail();

        public abstract bool Equals(DataViewType other);
    }

    // src/Microsoft.ML.DataView/DataViewType.cs
    public abstract class StructuredDataViewType : DataViewType
    {
        protected StructuredDataViewType(Type rawType) : base(rawType)
        {
        }
    }

    // src/Microsoft.ML.DataView/DataViewType.cs
    public abstract class PrimitiveDataViewType : DataViewType
    {
        protected PrimitiveDataViewType(Type rawType) : base(rawType)
        {
        }
    }

    // src/Microsoft.ML.DataView/DataViewType.cs (ReadOnlyMemory<char> values)
    public sealed class TextDataViewType : PrimitiveDataViewType
    {
        private TextDataViewType() : base(typeof(ReadOnlyMemory<char>))
        {
        }

        public static TextDataViewType Instance => throw StandInError.Fail();

        public override bool Equals(DataViewType other) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.DataView/DataViewType.cs (the other singletons, SByte..UInt64, omitted)
    public sealed class NumberDataViewType : PrimitiveDataViewType
    {
        private NumberDataViewType(Type rawType) : base(rawType)
        {
        }

        public static NumberDataViewType Single => throw StandInError.Fail();

        public static NumberDataViewType Double => throw StandInError.Fail();

        public override bool Equals(DataViewType other) => throw StandInError.Fail();
    }

    // src/Microsoft.ML.DataView/VectorType.cs
    public sealed class VectorDataViewType : StructuredDataViewType
    {
        public ImmutableArray<int> Dimensions => throw StandInError.Fail();

        public VectorDataViewType(PrimitiveDataViewType itemType, int size = 0) : base(typeof(object)) => throw StandInError.Fail();

        public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions) : base(typeof(object)) => throw StandInError.Fail();

        public VectorDataViewType(PrimitiveDataViewType itemType, ImmutableArray<int> dimensions) : base(typeof(object)) => throw StandInError.Fail();

        public bool IsKnownSize => throw StandInError.Fail();

        public PrimitiveDataViewType ItemType => throw StandInError.Fail();

        public int Size => throw StandInError.Fail();

        public override bool Equals(DataViewType other) => throw StandInError.Fail();
    }
}
