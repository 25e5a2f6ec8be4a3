using System.IO;
using System.Threading;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>Where a command writes, whether progress may redraw one line (a terminal) or must print plain lines (output
/// redirected to a file or a test), the terminal's width (0: unknown; a redrawn line longer than it would wrap and no
/// longer be redrawn in place), and the Ctrl+C token.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool LiveProgress, CancellationToken Cancel = default, int Width = 0);
