using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>A command's options as given on the command line ("--name value", "--name=value", "--flag"), checked
/// against the command's table, with typed getters whose errors name the option and the value.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string?> _values = new();

    private ParsedArguments(CommandSpec command)
    {
        Command = command;
    }

    public CommandSpec Command { get; }

    public static ParsedArguments Parse(CommandSpec command, IReadOnlyList<string> args)
    {
        var parsed = new ParsedArguments(command);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}': {command.Name} takes options only (--name value).", command);
            string name = arg[2..];
            string? value = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            OptionSpec spec = command.Find(name)
                ?? throw new UsageException($"unknown option '--{name}' for '{command.Name}'.", command);
            if (parsed._values.ContainsKey(name))
                throw new UsageException($"--{name} is given twice.", command);
            if (spec.IsFlag)
            {
                if (value != null)
                    throw new UsageException($"--{name} is a switch and takes no value; got '{value}'.", command);
            }
            else if (value == null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    throw new UsageException($"--{name} needs a value ({spec.ValueName}).", command);
                value = args[++i];
            }
            parsed._values[name] = value;
        }
        foreach (OptionSpec spec in command.Options.Where(o => o.Required && !parsed._values.ContainsKey(o.Name)))
            throw new UsageException($"{command.Name} needs --{spec.Name} {spec.ValueName}.", command);
        return parsed;
    }

    public bool Has(string name) => _values.ContainsKey(Known(name));

    public bool Flag(string name) => Has(name);

    public string? String(string name)
    {
        if (!_values.TryGetValue(Known(name), out string? value))
            return null;
        if (string.IsNullOrWhiteSpace(value))
            throw new UsageException($"--{name} needs a non-empty value.", Command);
        return value.Trim();
    }

    public string RequiredString(string name) =>
        String(name) ?? throw new UsageException($"{Command.Name} needs --{name} {Command.Find(name)!.ValueName}.", Command);

    /// <summary>An integer in [min, max], or null when the option is absent.</summary>
    public int? Int(string name, int min, int max = int.MaxValue)
    {
        string? text = String(name);
        if (text == null)
            return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new UsageException($"--{name} expects a whole number {Range(min, max)}; got '{text}'.", Command);
        return value;
    }

    /// <summary>A finite number above <paramref name="exclusiveMin"/>, or null when the option is absent.</summary>
    public double? Double(string name, double exclusiveMin)
    {
        string? text = String(name);
        if (text == null)
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= exclusiveMin)
            throw new UsageException($"--{name} expects a number above {exclusiveMin.ToString(CultureInfo.InvariantCulture)}; got '{text}'.", Command);
        return value;
    }

    /// <summary>A comma-separated list of non-empty names; empty when the option is absent.</summary>
    public IReadOnlyList<string> List(string name)
    {
        string? text = String(name);
        if (text == null)
            return Array.Empty<string>();
        string[] items = text.Split(',').Select(s => s.Trim()).ToArray();
        if (items.Any(s => s.Length == 0))
            throw new UsageException($"--{name} expects comma-separated names without empty entries; got '{text}'.", Command);
        return items;
    }

    private string Known(string name) =>
        Command.Find(name) != null ? name : throw new InvalidOperationException($"The command '{Command.Name}' has no option --{name}.");

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"of at least {min}" : $"from {min} to {max}";
}
