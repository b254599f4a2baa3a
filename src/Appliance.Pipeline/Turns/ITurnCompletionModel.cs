namespace Appliance.Pipeline.Turns;

/// <summary>Decides whether a pause ends the user's turn (a smart-turn model); without one, every VAD stop ends it.</summary>
public interface ITurnCompletionModel
{
    /// <summary>Called when the VAD reports silence; <paramref name="turnAudio"/> is the turn's most recent audio, up to the configured window.</summary>
    /// <returns>True when the user has finished; false keeps the turn open until speech resumes or the incomplete-turn timeout passes.</returns>
    bool IsTurnComplete(ReadOnlySpan<short> turnAudio, int sampleRate);
}
