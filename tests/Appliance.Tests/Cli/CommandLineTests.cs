using Appliance.Cli;

namespace Appliance.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_runs_with_defaults()
    {
        var parsed = CommandLine.Parse([], out var error);
        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(Command.Run, parsed.Command);
        Assert.Null(parsed.ConfigPath);
        Assert.Empty(parsed.Overrides);
    }

    [Fact]
    public void Run_takes_config_and_overrides_in_both_spellings()
    {
        var parsed = CommandLine.Parse(["run", "--config", "/etc/a.json", "--sip:t1Ms=250", "--media:ptimeMs", "30"], out _)!;
        Assert.Equal(Command.Run, parsed.Command);
        Assert.Equal("/etc/a.json", parsed.ConfigPath);
        Assert.Equal(["--sip:t1Ms=250", "--media:ptimeMs=30"], parsed.Overrides);
    }

    [Fact]
    public void Check_config_takes_a_positional_path()
    {
        var parsed = CommandLine.Parse(["check-config", "x.json"], out _)!;
        Assert.Equal(Command.CheckConfig, parsed.Command);
        Assert.Equal("x.json", parsed.ConfigPath);
    }

    [Theory]
    [InlineData("--version", Command.Version)]
    [InlineData("--help", Command.Help)]
    [InlineData("-h", Command.Help)]
    public void Informational_flags(string flag, Command expected) =>
        Assert.Equal(expected, CommandLine.Parse([flag], out _)!.Command);

    [Theory]
    [InlineData("--config")]
    [InlineData("bogus")]
    [InlineData("run", "extra")]
    public void Nonsense_is_rejected_with_a_sentence(params string[] args)
    {
        Assert.Null(CommandLine.Parse(args, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
