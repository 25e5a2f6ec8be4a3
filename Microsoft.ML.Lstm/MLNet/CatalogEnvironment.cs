using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The user's environment behind an ML.NET catalog (<c>mlContext.Forecasting</c>, <c>mlContext.Regression.Trainers</c>),
/// so that an extension method logs to the user's <see cref="MLContext.Log"/> and draws seeds from the user's
/// <c>MLContext(seed)</c>.
/// </summary>
/// <remarks>
/// ML.NET's own extensions (ForecastBySsa, LightGbm) call <c>CatalogUtils.GetEnvironment(catalog)</c>, which is
/// internal: every catalog implements the internal <c>Microsoft.ML.Data.IInternalCatalog</c> (one property,
/// <c>IHostEnvironment Environment</c>) explicitly. A third party can reach it only by reflection, which is what this
/// does, in this order: that interface's property; <c>TrainCatalogBase.Environment</c> (private protected); a trainers
/// sub-catalog's <c>Owner</c> (internal) and then its environment. If an ML.NET update removes all three, the estimators
/// still work on a private environment (no log to the user's context; seeds from the Seed option or a fresh random
/// source) and MlNetCatalogEnvironmentTests fails loudly.
/// </remarks>
internal static class CatalogEnvironment
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The catalog's environment, or null (with <paramref name="route"/> saying why) when ML.NET changed.</summary>
    public static IHostEnvironment? TryGet(object catalog, out string route)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        try
        {
            Type? internalCatalog = catalog.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog");
            if (internalCatalog?.GetProperty("Environment")?.GetValue(catalog) is IHostEnvironment viaInterface)
            {
                route = "IInternalCatalog.Environment";
                return viaInterface;
            }
            if (FindProperty(catalog.GetType(), "Environment")?.GetValue(catalog) is IHostEnvironment viaBase)
            {
                route = "TrainCatalogBase.Environment";
                return viaBase;
            }
            if (FindProperty(catalog.GetType(), "Owner")?.GetValue(catalog) is { } owner
                && FindProperty(owner.GetType(), "Environment")?.GetValue(owner) is IHostEnvironment viaOwner)
            {
                route = "CatalogInstantiatorBase.Owner.Environment";
                return viaOwner;
            }
            route = $"no environment found on {catalog.GetType().FullName} (ML.NET changed its catalogs)";
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException)
        {
            route = $"reading the environment of {catalog.GetType().FullName} failed: {e.Message}";
        }
        return null;
    }

    /// <summary>The catalog's environment, or a private one (see the remarks of the class) after a trace warning.</summary>
    public static IHostEnvironment Get(object catalog)
    {
        IHostEnvironment? env = TryGet(catalog, out string route);
        if (env != null)
            return env;
        Trace.TraceWarning($"Microsoft.ML.Lstm: {route}; using a private ML.NET environment: no messages reach MLContext.Log and " +
            "seeds do not follow MLContext(seed) (set the Seed option for repeatable training).");
        return new MLContext();
    }

    private static PropertyInfo? FindProperty(Type? type, string name)
    {
        for (; type != null; type = type.BaseType)
            if (type.GetProperty(name, Instance | BindingFlags.DeclaredOnly) is { } p && typeof(object).IsAssignableFrom(p.PropertyType))
                return p;
        return null;
    }
}
