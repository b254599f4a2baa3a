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

    [Fact]
    public void Call_takes_a_target_and_its_options_in_both_spellings()
    {
        var parsed = CommandLine.Parse(["call", "sip:echo@127.0.0.1:5062", "--play", "in.wav", "--record=out.wav", "--duration", "2.5", "--trunk=carrier", "--config", "a.json", "--media:ptimeMs=30"], out var error)!;

        Assert.Null(error);
        Assert.Equal(Command.Call, parsed.Command);
        Assert.Equal("a.json", parsed.ConfigPath);
        Assert.Equal(["--media:ptimeMs=30"], parsed.Overrides);
        Assert.Equal(new CallOptions("sip:echo@127.0.0.1:5062", "in.wav", "out.wav", TimeSpan.FromSeconds(2.5), "carrier"), parsed.Call);
    }

    [Fact]
    public void Call_without_options_leaves_them_to_their_defaults()
    {
        var parsed = CommandLine.Parse(["call", "+15551234567"], out _)!;
        Assert.Equal(new CallOptions("+15551234567", null, null, null, null), parsed.Call);
    }

    [Theory]
    [InlineData("call")]
    [InlineData("call", "--play", "x.wav")]
    [InlineData("call", "sip:a@b", "--duration", "0")]
    [InlineData("call", "sip:a@b", "--duration", "soon")]
    [InlineData("call", "sip:a@b", "--record")]
    [InlineData("call", "sip:a@b", "sip:c@d")]
    [InlineData("run", "--play", "x.wav")]
    public void Call_nonsense_is_rejected_with_a_sentence(params string[] args)
    {
        Assert.Null(CommandLine.Parse(args, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
