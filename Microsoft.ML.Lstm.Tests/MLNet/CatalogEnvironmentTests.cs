using System.Reflection;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Runtime;
using Xunit;

// The shape of ML.NET's internal interface (namespace Microsoft.ML.Data, one property), declared here so that the
// reflection routes of CatalogEnvironment can be exercised without ML.NET's runtime. It does not clash with ML.NET's:
// that one is internal to another assembly.
namespace Microsoft.ML.Data
{
    internal interface IInternalCatalog
    {
        IHostEnvironment Environment { get; }
    }
}

namespace Microsoft.ML.Lstm.Tests.MLNet
{
    /// <summary>
    /// The three routes by which <see cref="CatalogEnvironment"/> finds a catalog's environment, on fakes shaped like
    /// ML.NET's catalogs (the real ones are checked by <see cref="MlNetCatalogEnvironmentTests"/> in package mode).
    /// </summary>
    public class CatalogEnvironmentTests
    {
        /// <summary>An IHostEnvironment whatever its members are in this mode (stand-in or ML.NET's own).</summary>
        public class FakeEnvironment : DispatchProxy
        {
            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => null;
        }

        private static readonly IHostEnvironment s_env = DispatchProxy.Create<IHostEnvironment, FakeEnvironment>();

        private sealed class LikeForecastingCatalog : Microsoft.ML.Data.IInternalCatalog
        {
            IHostEnvironment Microsoft.ML.Data.IInternalCatalog.Environment => s_env;
        }

        private abstract class LikeTrainCatalogBase
        {
            private protected IHostEnvironment Environment { get; } = s_env;
        }

        private sealed class LikeOlderCatalog : LikeTrainCatalogBase
        {
        }

        private sealed class LikeTrainersCatalog
        {
            internal LikeOlderCatalog Owner { get; } = new();
        }

        [Fact]
        public void The_internal_interface_is_the_first_route()
        {
            Assert.Same(s_env, CatalogEnvironment.TryGet(new LikeForecastingCatalog(), out string route));
            Assert.Equal("IInternalCatalog.Environment", route);
        }

        [Fact]
        public void The_base_class_property_and_the_owner_are_fallbacks()
        {
            Assert.Same(s_env, CatalogEnvironment.TryGet(new LikeOlderCatalog(), out string route));
            Assert.Equal("TrainCatalogBase.Environment", route);
            Assert.Same(s_env, CatalogEnvironment.TryGet(new LikeTrainersCatalog(), out route));
            Assert.Equal("CatalogInstantiatorBase.Owner.Environment", route);
        }

        [Fact]
        public void Without_any_route_the_reason_names_the_catalog()
        {
            Assert.Null(CatalogEnvironment.TryGet(new object(), out string route));
            Assert.Contains("System.Object", route);
        }
    }
}
