using System;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>The shape of a column as the schema rules see it.</summary>
internal enum ColumnShape
{
    /// <summary>The column is not in the schema.</summary>
    Missing,
    /// <summary>One value per row.</summary>
    Scalar,
    /// <summary>A vector of known size.</summary>
    Vector,
    /// <summary>A vector whose size varies by row (unknown in the schema).</summary>
    VariableVector,
}

/// <summary>
/// A column's type reduced to what the schema rules need (shape, item type, size), so that the rules are pure
/// functions testable without ML.NET's runtime; <see cref="MlNetSchema"/> builds these from ML.NET's schema types.
/// </summary>
/// <param name="Name">The column's name.</param>
/// <param name="Shape">Scalar, vector, variable-size vector, or missing.</param>
/// <param name="ItemType">The raw item type (<see cref="float"/> for ML.NET's Single, <see cref="ReadOnlyMemory{T}"/> of
/// char for text); null when missing.</param>
/// <param name="Size">The vector size when <see cref="Shape"/> is <see cref="ColumnShape.Vector"/> and it is known
/// (schema shapes do not carry sizes: 0 there).</param>
/// <param name="IsKey">A key type (categorical index).</param>
internal readonly record struct ColumnTypeInfo(string Name, ColumnShape Shape, Type? ItemType, int Size = 0, bool IsKey = false)
{
    public static ColumnTypeInfo Missing(string name) => new(name, ColumnShape.Missing, null);

    public static ColumnTypeInfo Scalar(string name, Type itemType, bool isKey = false) => new(name, ColumnShape.Scalar, itemType, 0, isKey);

    public static ColumnTypeInfo Vector(string name, Type itemType, int size = 0) =>
        new(name, size > 0 ? ColumnShape.Vector : ColumnShape.VariableVector, itemType, size);

    public bool IsSingle => ItemType == typeof(float) && !IsKey;

    /// <summary>The type as ML.NET prints it: Single, String, Vector&lt;Single, 12&gt;, Vector&lt;Single&gt;, Key&lt;UInt32&gt;.</summary>
    public string Describe() => Shape switch
    {
        ColumnShape.Missing => "no such column",
        ColumnShape.Scalar => ItemName(),
        ColumnShape.Vector => Size > 0 ? $"Vector<{ItemName()}, {Size}>" : $"Vector<{ItemName()}>",
        _ => $"Vector<{ItemName()}> of variable size",
    };

    private string ItemName()
    {
        if (ItemType is null)
            return "?";
        string name = ItemType == typeof(ReadOnlyMemory<char>) || ItemType == typeof(string) ? "String" : ItemType.Name;
        return IsKey ? $"Key<{name}>" : name;
    }
}
