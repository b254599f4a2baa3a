namespace Appliance.Pipeline.Frames;

/// <summary>The user's turn ended (VAD silence, confirmed by the turn-completion model when one is configured).</summary>
/// <param name="at">Position in the inbound audio stream where speech stopped.</param>
public sealed class UserStoppedSpeakingFrame(TimeSpan at) : SystemFrame
{
    /// <summary>Position in the inbound audio stream where speech stopped.</summary>
    public TimeSpan At { get; } = at;
}
