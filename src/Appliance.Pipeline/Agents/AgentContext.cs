using Appliance.Pipeline.Runtime.Transport;

namespace Appliance.Pipeline.Agents;

/// <summary>What an agent's processors may need to know about the call they serve.</summary>
/// <param name="CallId">The call's identifier, for logs.</param>
/// <param name="Port">The call's audio port (sample rate; audio actually played, for realtime-model truncation).</param>
/// <param name="TimeProvider">The call's clock.</param>
public sealed record AgentContext(string CallId, CallAudioPort Port, TimeProvider TimeProvider)
{
    /// <summary>Parties, direction, trunk, X- headers and variables; null when the call layer gave none (tests).</summary>
    public CallInfo? Call { get; init; }

    /// <summary>Hang up, transfer, send DTMF; null when the call layer gave none.</summary>
    public ICallActions? Actions { get; init; }

    /// <summary>Completes when the call has ended and is torn down; null when the call layer gave none.</summary>
    public Task<CallOutcome>? Ended { get; init; }
}
