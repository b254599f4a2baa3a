namespace Appliance.Pipeline.Frames;

/// <summary>Text produced by the bot (LLM output on its way to TTS, or a realtime model's transcript).</summary>
/// <param name="text">The text.</param>
public sealed class TextFrame(string text) : DataFrame
{
    /// <summary>The text.</summary>
    public string Text { get; } = text;
}
