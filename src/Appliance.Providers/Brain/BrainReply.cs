namespace Appliance.Providers.Brain;

/// <summary>The transport-level result of one request: a 2xx body, or why there is none.</summary>
internal readonly record struct BrainReply(BrainRequestOutcome Outcome, int StatusCode, byte[]? Body, string Reason, double Seconds)
{
    /// <summary>Retrying may help: connection errors, timeouts and 5xx; never a 4xx the brain meant.</summary>
    public bool IsTransient => Outcome is BrainRequestOutcome.Timeout or BrainRequestOutcome.ConnectionError
        || (Outcome == BrainRequestOutcome.HttpError && StatusCode >= 500);
}
