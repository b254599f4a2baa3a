namespace Appliance.Providers.Realtime.Gemini;

/// <summary>A <c>realtimeInput</c> text message (DTMF notes); audio goes through the hand-written hot path instead.</summary>
internal sealed class GeminiRealtimeTextMessage
{
    public required TextInput RealtimeInput { get; init; }

    public sealed class TextInput
    {
        public required string Text { get; init; }
    }
}
