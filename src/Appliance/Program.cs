using System.Runtime.InteropServices;
using Appliance.Cli;
using Appliance.Configuration;
using Appliance.Hosting;

var commandLine = CommandLine.Parse(args, out var usageError);
if (commandLine is null)
{
    Console.Error.WriteLine($"appliance: {usageError}");
    Console.Error.WriteLine(CommandLine.Usage);
    return ExitCodes.Usage;
}

switch (commandLine.Command)
{
    case Command.Help:
        Console.WriteLine(CommandLine.Usage);
        return ExitCodes.Ok;
    case Command.Version:
        Console.WriteLine($"appliance {BuildInfo.Version} (commit {BuildInfo.Commit})");
        return ExitCodes.Ok;
}

var loaded = ConfigLoader.Load(commandLine.ConfigPath, commandLine.Overrides);
var configName = loaded.FilePath ?? "embedded defaults";
if (!loaded.IsValid)
{
    Console.Error.WriteLine($"appliance: the configuration ({configName}) has {loaded.Errors.Count} problem{(loaded.Errors.Count == 1 ? "" : "s")}:");
    foreach (var error in loaded.Errors)
    {
        Console.Error.WriteLine($"  - {error}");
    }
    return ExitCodes.Config;
}
if (commandLine.Command == Command.CheckConfig)
{
    Console.WriteLine($"appliance: configuration OK ({configName})");
    return ExitCodes.Ok;
}
if (commandLine.Command == Command.Call)
{
    return await CallCommand.RunAsync(commandLine.Call!, loaded.Config!, loaded.Secrets).ConfigureAwait(false);
}

try
{
    var app = ApplianceHost.Build(loaded.Config!, loaded.Secrets);
    // SystemdLifetime listens for SIGTERM only; Ctrl+C must drain the same way.
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
    {
        signal.Cancel = true;
        app.Lifetime.StopApplication();
    });
    await app.RunAsync().ConfigureAwait(false);
    return ExitCodes.Ok;
}
catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
{
    // Startup failures (a port in use, an address not on this host) are operator errors: one sentence, no stack.
    Console.Error.WriteLine($"appliance: failed to start: {ex.Message}");
    return ExitCodes.Failure;
}
