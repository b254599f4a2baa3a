namespace Appliance.Cli;

public enum Command
{
    Run,
    CheckConfig,
    Version,
    Help,
}

/// <summary>The parsed command line: a command, an optional config path and configuration overrides.</summary>
public sealed record CommandLine(Command Command, string? ConfigPath, IReadOnlyList<string> Overrides)
{
    public const string Usage = """
        Usage:
          appliance [run] [--config PATH] [--Section:Key=value ...]
          appliance check-config [PATH] [--Section:Key=value ...]
          (top-level options too: --defaultAgent=parrot)
          appliance --version
          appliance --help

        Commands:
          run            Start the appliance (the default).
          check-config   Validate the configuration and exit.

        Configuration is read from --config PATH, else $APPLIANCE_CONFIG, else ./appliance.json,
        else /etc/appliance/appliance.json, else the embedded defaults. Environment variables
        APPLIANCE_Section__Key and arguments --Section:Key=value override the file.

        Exit codes: 0 ok, 1 runtime failure, 64 usage error, 78 invalid configuration.
        """;

    /// <summary>Parses arguments; returns null with an error sentence when they make no sense.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var command = Command.Run;
        string? configPath = null;
        var overrides = new List<string>();
        var commandSeen = false;

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
            if (arg.StartsWith("--config=", StringComparison.Ordinal))
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
            else if (!commandSeen && arg is "run" or "check-config")
            {
                command = arg == "run" ? Command.Run : Command.CheckConfig;
                commandSeen = true;
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
        return new CommandLine(command, configPath, overrides);
    }
}
