namespace Appliance.Pipeline.Turns;

/// <summary>"The user started/stopped speaking at <see cref="At"/>", in inbound stream time.</summary>
/// <param name="Kind">What happened; <see cref="VoiceActivityKind.None"/> for no change.</param>
/// <param name="At">Where in the inbound stream it happened (a detector may date a confirmed change back to its onset).</param>
public readonly record struct VoiceActivityEvent(VoiceActivityKind Kind, TimeSpan At)
{
    /// <summary>No change.</summary>
    public static VoiceActivityEvent None => default;
}
