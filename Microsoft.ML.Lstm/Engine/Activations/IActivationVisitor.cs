namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Turns a run-time <see cref="Activation"/> into a compile-time operator type, so that fused kernels
/// are specialized per activation instead of calling through a delegate per element.
/// </summary>
internal interface IActivationVisitor<TResult>
{
    TResult Visit<TOperator>() where TOperator : struct, IActivationOperator;
}
