namespace Appliance.Providers.Realtime;

/// <summary>What the call layer does for a realtime agent's built-in <c>transfer_call</c> tool.</summary>
public interface ICallControl
{
    /// <summary>Starts a blind transfer of the call to <paramref name="target"/> (e.g. a SIP REFER); true when it was accepted.</summary>
    /// <remarks>The call layer ends the call itself once the transfer completes; a false result is reported to the model, which tells the caller.</remarks>
    ValueTask<bool> TransferAsync(string target, string? reason, CancellationToken cancellationToken);
}
