using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>A command's name, summary and options: what the parser accepts and what the usage text shows come from
/// this one table.</summary>
internal sealed record CommandSpec(string Name, string Summary, IReadOnlyList<OptionSpec> Options)
{
    public OptionSpec? Find(string name) => Options.FirstOrDefault(o => o.Name == name);

    public string Usage()
    {
        var text = new StringBuilder();
        text.AppendLine($"usage: {CliApp.ToolName} {Name} " + string.Join(" ", Options.Select(o => o.Required ? o.Synopsis : $"[{o.Synopsis}]")));
        text.AppendLine($"  {Summary}");
        int width = Options.Max(o => o.Synopsis.Length);
        foreach (OptionSpec o in Options)
            text.AppendLine($"  {o.Synopsis.PadRight(width)}  {o.Help}{(o.Required ? " (required)" : "")}");
        return text.ToString();
    }
}
