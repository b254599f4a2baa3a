namespace Appliance.Providers.Realtime;

/// <summary>How much of the bot's current utterance the caller has actually heard.</summary>
/// <remarks>A realtime model truncates its reply to this on barge-in, so its context matches what the caller heard.</remarks>
public interface IPlayedAudioClock
{
    /// <summary>Milliseconds of the current (or last) bot utterance played out to the caller.</summary>
    long PlayedMilliseconds { get; }
}
