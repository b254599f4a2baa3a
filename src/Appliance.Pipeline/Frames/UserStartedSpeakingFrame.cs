namespace Appliance.Pipeline.Frames;

/// <summary>The user's turn began.</summary>
/// <param name="at">Position in the inbound audio stream where speech started.</param>
public sealed class UserStartedSpeakingFrame(TimeSpan at) : SystemFrame
{
    /// <summary>Position in the inbound audio stream where speech started.</summary>
    public TimeSpan At { get; } = at;
}
