namespace Appliance.Pipeline.Turns;

/// <summary>What a voice activity detector reported for one chunk of audio.</summary>
public enum VoiceActivityKind
{
    /// <summary>No change.</summary>
    None,

    /// <summary>Speech started (confirmed).</summary>
    SpeechStarted,

    /// <summary>Speech stopped (silence long enough to count).</summary>
    SpeechStopped,
}
