namespace Appliance.Pipeline.Recording;

/// <summary>The JSON transcript written beside a call's WAV.</summary>
public sealed class TranscriptDocument
{
    /// <summary>The call's identifier.</summary>
    public required string CallId { get; init; }

    /// <summary>Wall-clock start of the recording (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The recording's name in the same directory, or null when audio was not recorded.</summary>
    public string? AudioFile { get; init; }

    /// <summary>The turns, in the order they started.</summary>
    public required IReadOnlyList<TranscriptTurn> Turns { get; init; }
}
