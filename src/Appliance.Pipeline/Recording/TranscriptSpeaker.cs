namespace Appliance.Pipeline.Recording;

/// <summary>Who spoke a transcript turn.</summary>
public enum TranscriptSpeaker
{
    /// <summary>The caller.</summary>
    User,

    /// <summary>The agent.</summary>
    Bot,
}
