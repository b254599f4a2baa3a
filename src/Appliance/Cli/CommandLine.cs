namespace Appliance.Cli;

public enum Command
{
    Run,
    CheckConfig,
    Call,
    Version,
    Help,
}

/// <summary>The parsed command line: a command, an optional config path, configuration overrides, and for <c>call</c> its options.</summary>
public sealed record CommandLine(Command Command, string? ConfigPath, IReadOnlyList<string> Overrides, CallOptions? Call = null)
{
    public const string Usage = """
        Usage:
          appliance [run] [--config PATH] [--Section:Key=value ...]
          appliance check-config [PATH] [--Section:Key=value ...]
          appliance call TARGET [--play FILE.wav] [--record OUT.wav] [--duration SECONDS] [--trunk NAME] [--config PATH]
          (top-level options too: --defaultAgent=parrot)
          appliance --version
          appliance --help

        Commands:
          run            Start the appliance (the default).
          check-config   Validate the configuration and exit.
          call           Place one call with the appliance's own SIP and media stack, to smoke-test a trunk or
                         another appliance: TARGET is a SIP URI, or an E.164 number sent through a configured
                         trunk. Plays the WAV to the callee, records what comes back, hangs up after the duration
                         (default: the WAV's length + 1 s), and prints the SIP outcome and RTP statistics.
                         Exits 0 when the call was answered, 1 otherwise.

        Configuration is read from --config PATH, else $APPLIANCE_CONFIG, else ./appliance.json,
        else /etc/appliance/appliance.json, else the embedded defaults. Environment variables
        APPLIANCE_Section__Key and arguments --Section:Key=value override the file.

        Exit codes: 0 ok, 1 runtime failure (or, for call, not answered), 64 usage error, 78 invalid configuration.
        """;

    /// <summary>Parses arguments; returns null with an error sentence when they make no sense.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var command = Command.Run;
        string? configPath = null;
        var overrides = new List<string>();
        var commandSeen = false;
        string? target = null, play = null, record = null, trunk = null;
        TimeSpan? duration = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--help" or "-h" or "help":
                    return new CommandLine(Command.Help, null, []);
                case "--version" or "version":
                    return new CommandLine(Command.Version, null, []);
                case "--config" or "-c":
                    if (i + 1 >= args.Count)
                    {
                        error = $"{arg} needs a file path";
                        return null;
                    }
                    configPath = args[++i];
                    continue;
            }
            if (command == Command.Call && CallOption(arg) is { } option)
            {
                var value = OptionValue(args, ref i, arg, option, out error);
                if (value is null)
                {
                    return null;
                }
                switch (option)
                {
                    case "--play":
                        play = value;
                        break;
                    case "--record":
                        record = value;
                        break;
                    case "--trunk":
                        trunk = value;
                        break;
                    default:
                        if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                            || seconds is <= 0 or > 86400)
                        {
                            error = $"--duration takes seconds (more than 0, at most 86400), not '{value}'";
                            return null;
                        }
                        duration = TimeSpan.FromSeconds(seconds);
                        break;
                }
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configPath = arg["--config=".Length..];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                overrides.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                overrides.Add(i + 1 >= args.Count ? arg : $"{arg}={args[++i]}");
            }
            else if (!commandSeen && arg is "run" or "check-config" or "call")
            {
                command = arg switch
                {
                    "run" => Command.Run,
                    "check-config" => Command.CheckConfig,
                    _ => Command.Call,
                };
                commandSeen = true;
            }
            else if (command == Command.Call && target is null && !arg.StartsWith('-'))
            {
                target = arg;
            }
            else if (command == Command.CheckConfig && configPath is null && !arg.StartsWith('-'))
            {
                configPath = arg;
            }
            else
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
        }
        if (command == Command.Call)
        {
            if (target is null)
            {
                error = "call needs a target: a SIP URI or an E.164 number";
                return null;
            }
            return new CommandLine(command, configPath, overrides, new CallOptions(target, play, record, duration, trunk));
        }
        return new CommandLine(command, configPath, overrides);
    }

    /// <summary>The <c>call</c> option <paramref name="arg"/> names ("--play" or "--play=x"), or null.</summary>
    private static string? CallOption(string arg)
    {
        foreach (var option in (ReadOnlySpan<string>)["--play", "--record", "--duration", "--trunk"])
        {
            if (arg == option || arg.StartsWith(option + "=", StringComparison.Ordinal))
            {
                return option;
            }
        }
        return null;
    }

    /// <summary>The value of "--name value" or "--name=value"; null with an error sentence when it is missing.</summary>
    private static string? OptionValue(IReadOnlyList<string> args, ref int i, string arg, string option, out string? error)
    {
        error = null;
        if (arg.Length > option.Length)
        {
            return arg[(option.Length + 1)..];
        }
        if (i + 1 >= args.Count)
        {
            error = $"{option} needs a value";
            return null;
        }
        return args[++i];
    }
}
