using Microsoft.ML.Lstm.Cli;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Cli;

public class CliExitCodeTests
{
    [Fact]
    public void NoArguments_PrintsOverviewOnStderr_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run());
        Assert.Contains("commands:", cli.Error);
        Assert.Contains("evaluate", cli.Error);
        Assert.Equal("", cli.Out);
    }

    [Fact]
    public void Help_PrintsOverviewOnStdout_Exit0()
    {
        using var cli = new CliRun();
        Assert.Equal(0, cli.Run("--help"));
        Assert.Contains("usage: Microsoft.ML.Lstm.Cli <command> [options]", cli.Out);
    }

    [Fact]
    public void CommandHelp_ListsItsOptions_Exit0()
    {
        using var cli = new CliRun();
        Assert.Equal(0, cli.Run("evaluate", "--help"));
        Assert.Contains("usage: Microsoft.ML.Lstm.Cli evaluate --data FILE --value COL", cli.Out);
        Assert.Contains("--no-retrain", cli.Out);
    }

    [Fact]
    public void UnknownCommand_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("fit", "--data", "x.csv"));
        Assert.StartsWith("error: unknown command 'fit'.", cli.Error);
    }

    [Fact]
    public void UnknownOption_PrintsTheCommandsUsage_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("train", "--data", "x.csv", "--value", "v", "--horizon", "3", "--epochs", "9"));
        Assert.StartsWith("error: unknown option '--epochs' for 'train'.", cli.Error);
        Assert.Contains("usage: Microsoft.ML.Lstm.Cli train", cli.Error);
    }

    [Fact]
    public void MissingRequiredOption_NamesIt_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("train", "--data", "x.csv", "--value", "v"));
        Assert.StartsWith("error: train needs --horizon H.", cli.Error);
    }

    [Theory]
    [InlineData("x", "error: --horizon expects a whole number of at least 1; got 'x'.")]
    [InlineData("0", "error: --horizon expects a whole number of at least 1; got '0'.")]
    public void MalformedNumber_QuotesIt_Exit2(string value, string message)
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        Assert.Equal(2, cli.Run("train", "--data", data, "--value", "value", "--horizon", value));
        Assert.StartsWith(message, cli.Error);
    }

    [Fact]
    public void OptionWithoutValue_SaysWhatItNeeds_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("forecast", "--model"));
        Assert.StartsWith("error: --model needs a value (FILE).", cli.Error);
    }

    [Fact]
    public void SwitchWithValue_AndRepeatedOption_AreRefused()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("evaluate", "--data", "a", "--value", "v", "--horizon", "2", "--no-retrain=yes"));
        Assert.StartsWith("error: --no-retrain is a switch and takes no value; got 'yes'.", cli.Error);
        Assert.Equal(2, cli.Run("forecast", "--model", "a", "--model=b"));
        Assert.StartsWith("error: --model is given twice.", cli.Error);
    }

    [Fact]
    public void PositionalArgument_IsRefused_Exit2()
    {
        using var cli = new CliRun();
        Assert.Equal(2, cli.Run("chart", "model.lstm"));
        Assert.StartsWith("error: unexpected argument 'model.lstm'", cli.Error);
    }

    [Fact]
    public void UnparsableNumber_GivesLineAndColumn_Exit1()
    {
        using var cli = new CliRun();
        string data = cli.Write("bad.csv", "date,value\n2020-01-01,1\n2020-02-01,1.5x\n");
        Assert.Equal(1, cli.Run("train", "--data", data, "--time", "date", "--value", "value", "--horizon", "2"));
        Assert.Equal($"error: {data}, line 3, column 2 ('value'): cannot read '1.5x' as a number (use '.' as the decimal point).\n",
            cli.Error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void MissingColumn_ListsTheHeader_Exit1()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        Assert.Equal(1, cli.Run("evaluate", "--data", data, "--time", "month", "--value", "value", "--horizon", "2"));
        Assert.Contains("line 1: there is no time column 'month'; the header has 'date', 'value'.", cli.Error);
    }

    [Fact]
    public void UnsortedTimes_GiveBothLines_Exit1()
    {
        using var cli = new CliRun();
        string data = cli.Write("unsorted.csv", "date,value\n2020-01-01,1\n2020-03-01,2\n2020-02-01,3\n");
        Assert.Equal(1, cli.Run("train", "--data", data, "--time", "date", "--value", "value", "--horizon", "1"));
        Assert.Contains("line 4, column 1 ('date'): the time '2020-02-01' on line 4 is before '2020-03-01' on line 3", cli.Error);
    }

    [Fact]
    public void DuplicateTimes_GiveBothLines_Exit1()
    {
        using var cli = new CliRun();
        string data = cli.Write("dup.csv", "date,value\n2020-01-01,1\n2020-01-01,2\n");
        Assert.Equal(1, cli.Run("train", "--data", data, "--time", "date", "--value", "value", "--horizon", "1"));
        Assert.Contains("lines 2 and 3 have the same time", cli.Error);
    }

    [Fact]
    public void MissingFile_Exit1()
    {
        using var cli = new CliRun();
        Assert.Equal(1, cli.Run("train", "--data", cli.PathOf("none.csv"), "--value", "v", "--horizon", "1"));
        Assert.StartsWith("error: The data file '", cli.Error);
        Assert.Contains("none.csv' does not exist.", cli.Error);
    }

    [Fact]
    public void HorizonTooLongForTheData_SaysWhatIsNeeded_Exit1()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly(points: 20);
        Assert.Equal(1, cli.Run("train", "--data", data, "--time", "date", "--value", "value", "--horizon", "12", "--season", "12", "--quick"));
        Assert.Contains("error: Series 'sales' has 20 points; it needs at least windowSize + horizon", cli.Error);
        Assert.DoesNotContain("(Parameter", cli.Error);
    }

    [Fact]
    public void ExitCodeConstants_AreTheDocumentedOnes() =>
        Assert.Equal((0, 1, 2), (CliApp.Ok, CliApp.DataError, CliApp.UsageError));
}
