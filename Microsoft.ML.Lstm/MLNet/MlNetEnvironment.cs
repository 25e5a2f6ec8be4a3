using System;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The library's way into the user's <see cref="MLContext"/>: its log and its seed, through ML.NET's public API only.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="MLContext"/> implements <see cref="IHostEnvironment"/> (public, namespace Microsoft.ML.Runtime), so an
/// <see cref="MLContext"/> is passed here as is. Registering a host on it is what ML.NET's own components do
/// (<c>env.Register(name)</c>): the host's channels feed <see cref="MLContext.Log"/> (as
/// <see cref="LoggingEventArgs"/> whose <see cref="LoggingEventArgs.Source"/> starts with
/// <see cref="ComponentName"/>), and the host's <see cref="IHost.Rand"/> is drawn from the context's random source,
/// so it repeats exactly for an <c>MLContext(seed: n)</c> doing the same steps, and differs run to run for
/// <c>MLContext()</c>.
/// </para>
/// <para>
/// The seed itself is not public (<c>IHostEnvironmentInternal.Seed</c> is internal), and neither is a way to raise
/// <see cref="MLContext.Log"/> directly: this is the supported route for both.
/// </para>
/// </remarks>
internal sealed class MlNetEnvironment
{
    /// <summary>The host name registered on the user's environment, and so the start of every log message's source.</summary>
    public const string ComponentName = "Microsoft.ML.Lstm";

    private readonly IHost _host;

    /// <param name="environment">Usually the user's <see cref="MLContext"/>.</param>
    /// <param name="componentName">The name the messages come from, e.g. the estimator's.</param>
    public MlNetEnvironment(IHostEnvironment environment, string componentName = ComponentName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(componentName);
        _host = environment.Register(componentName);
    }

    /// <summary>
    /// A seed for the engine (weight initialization, shuffling, dropout) from the context's random source: the same
    /// sequence of seeds for the same <c>MLContext(seed: n)</c> and the same calls before.
    /// </summary>
    public int NextSeed() => _host.Rand.Next();

    /// <summary>A detail message to <see cref="MLContext.Log"/> (kind Trace: per-epoch progress).</summary>
    public void Trace(string channel, string message) => Send(channel, message, ChannelMessageKind.Trace);

    /// <summary>An information message to <see cref="MLContext.Log"/> (kind Info).</summary>
    public void Info(string channel, string message) => Send(channel, message, ChannelMessageKind.Info);

    /// <summary>A warning to <see cref="MLContext.Log"/> (kind Warning).</summary>
    public void Warning(string channel, string message) => Send(channel, message, ChannelMessageKind.Warning);

    private void Send(string channel, string message, ChannelMessageKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(message);
        // The (sensitivity, fmt) overloads send the text as is: no string.Format, so braces in a message are safe.
        using IChannel ch = _host.Start(channel);
        switch (kind)
        {
            case ChannelMessageKind.Warning:
                ch.Warning(MessageSensitivity.None, message);
                break;
            case ChannelMessageKind.Trace:
                ch.Trace(MessageSensitivity.None, message);
                break;
            default:
                ch.Info(MessageSensitivity.None, message);
                break;
        }
    }
}
