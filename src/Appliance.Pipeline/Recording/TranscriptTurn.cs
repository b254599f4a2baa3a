namespace Appliance.Pipeline.Recording;

/// <summary>One turn of a call transcript; times are milliseconds since the recording started.</summary>
public sealed class TranscriptTurn
{
    /// <summary>Who spoke.</summary>
    public TranscriptSpeaker Speaker { get; init; }

    /// <summary>When the turn started.</summary>
    public long StartMs { get; init; }

    /// <summary>When the turn ended; null if the call ended first.</summary>
    public long? EndMs { get; set; }

    /// <summary>What was said, when speech-to-text or the agent provided it.</summary>
    public string? Text { get; set; }
}
