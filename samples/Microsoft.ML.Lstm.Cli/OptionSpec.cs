namespace Microsoft.ML.Lstm.Cli;

/// <summary>One option of a command: its name, whether it takes a value (and what the value is called), its help.</summary>
internal sealed record OptionSpec(string Name, string? ValueName, string Help, bool Required = false)
{
    public bool IsFlag => ValueName == null;

    public string Synopsis => IsFlag ? $"--{Name}" : $"--{Name} {ValueName}";
}
