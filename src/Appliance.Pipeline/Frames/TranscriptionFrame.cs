namespace Appliance.Pipeline.Frames;

/// <summary>What the user said, as recognized by speech-to-text.</summary>
/// <param name="text">The recognized text.</param>
/// <param name="isFinal">False for an interim hypothesis that a later frame replaces.</param>
public sealed class TranscriptionFrame(string text, bool isFinal = true) : DataFrame
{
    /// <summary>The recognized text.</summary>
    public string Text { get; } = text;

    /// <summary>False for an interim hypothesis.</summary>
    public bool IsFinal { get; } = isFinal;
}
