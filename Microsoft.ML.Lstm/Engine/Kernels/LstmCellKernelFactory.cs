using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>Creates the cell kernel specialized for a pair of activations.</summary>
internal static class LstmCellKernelFactory
{
    public static ILstmCellKernel Create(Activation activation, Activation recurrentActivation) =>
        recurrentActivation.Accept(new RecurrentVisitor(activation));

    private sealed class RecurrentVisitor : IActivationVisitor<ILstmCellKernel>
    {
        private readonly Activation _activation;

        public RecurrentVisitor(Activation activation) => _activation = activation;

        public ILstmCellKernel Visit<TRec>() where TRec : struct, IActivationOperator =>
            _activation.Accept(new ActivationVisitor<TRec>());
    }

    private sealed class ActivationVisitor<TRec> : IActivationVisitor<ILstmCellKernel> where TRec : struct, IActivationOperator
    {
        public ILstmCellKernel Visit<TAct>() where TAct : struct, IActivationOperator => new LstmCellKernel<TRec, TAct>();
    }
}
