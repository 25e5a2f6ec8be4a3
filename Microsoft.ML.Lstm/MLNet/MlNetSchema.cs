using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>ML.NET's schema types reduced to <see cref="ColumnTypeInfo"/> for the pure schema rules.</summary>
internal static class MlNetSchema
{
    public static ColumnTypeInfo Describe(DataViewSchema schema, string name)
    {
        DataViewSchema.Column? column = schema.GetColumnOrNull(name);
        if (column is null)
            return ColumnTypeInfo.Missing(name);
        DataViewType type = column.Value.Type;
        if (type is VectorDataViewType vector)
            return ColumnTypeInfo.Vector(name, vector.ItemType.RawType, vector.Size);
        return ColumnTypeInfo.Scalar(name, type.RawType, isKey: type.GetType().Name == "KeyDataViewType");
    }

    public static ColumnTypeInfo Describe(SchemaShape shape, string name)
    {
        foreach (SchemaShape.Column column in shape)
        {
            if (column.Name != name)
                continue;
            return column.Kind switch
            {
                SchemaShape.Column.VectorKind.Scalar => ColumnTypeInfo.Scalar(name, column.ItemType.RawType, column.IsKey),
                // A schema shape says "vector of known size" without the size: checked at Fit.
                SchemaShape.Column.VectorKind.Vector => new ColumnTypeInfo(name, ColumnShape.Vector, column.ItemType.RawType, 0, column.IsKey),
                _ => new ColumnTypeInfo(name, ColumnShape.VariableVector, column.ItemType.RawType, 0, column.IsKey),
            };
        }
        return ColumnTypeInfo.Missing(name);
    }

    public static string[] Names(DataViewSchema schema) => schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();

    public static string[] Names(SchemaShape shape) => shape.Select(c => c.Name).ToArray();
}
