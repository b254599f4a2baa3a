using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Turns;

namespace Appliance.Calls;

/// <summary>Where a new call goes: an agent (with how long to ring first), or a refusal with its SIP status.</summary>
public sealed record CallRoute
{
    public AgentDefinition? Agent { get; private init; }
    public TimeSpan AnswerDelay { get; private init; }
    public int RejectStatus { get; private init; }
    public string? RejectReason { get; private init; }

    /// <summary>The trunk the call arrived from, when one matched (logs, metrics, the brain).</summary>
    public string? Trunk { get; private init; }

    /// <summary>Voice activity detection for this agent's turn-taking (null for agents that take no turns).</summary>
    public Func<IVoiceActivityDetector>? VoiceActivityDetector { get; private init; }

    public TurnTakingOptions? TurnTaking { get; private init; }

    /// <summary>Where to record this call, or null not to.</summary>
    public RecordingOptions? Recording { get; private init; }

    public static CallRoute ToAgent(
        AgentDefinition agent, TimeSpan answerDelay, string? trunk = null,
        Func<IVoiceActivityDetector>? voiceActivityDetector = null, TurnTakingOptions? turnTaking = null, RecordingOptions? recording = null) =>
        new()
        {
            Agent = agent, AnswerDelay = answerDelay, Trunk = trunk, VoiceActivityDetector = voiceActivityDetector,
            TurnTaking = turnTaking, Recording = recording,
        };

    public static CallRoute Reject(int status, string reason) => new() { RejectStatus = status, RejectReason = reason };
}

/// <summary>Decides, for each INVITE that passed SIP checks, which agent answers it or why it is refused.</summary>
public interface ICallRouter
{
    CallRoute Route(IncomingCallInfo call);
}

/// <summary>What routing may look at: who called whom, from where.</summary>
public sealed record IncomingCallInfo(string CallId, string FromUser, string ToUser, string RequestUser, System.Net.IPEndPoint Source, IReadOnlyList<KeyValuePair<string, string>> Headers);
