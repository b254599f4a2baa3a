namespace Appliance.Cli;

/// <summary>Process exit codes (sysexits.h values where one fits, so systemd units can act on them).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The appliance failed while running (e.g. a port could not be bound).</summary>
    public const int Failure = 1;

    /// <summary>EX_USAGE: the command line was wrong.</summary>
    public const int Usage = 64;

    /// <summary>EX_CONFIG: the configuration is invalid. The unit's RestartPreventExitStatus stops a restart loop on it.</summary>
    public const int Config = 78;
}
