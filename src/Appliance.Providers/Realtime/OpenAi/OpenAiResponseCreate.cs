namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The <c>response.create</c> client event, with optional per-response instructions (the greeting).</summary>
internal sealed class OpenAiResponseCreate
{
    public string Type => "response.create";

    public ResponseConfig? Response { get; init; }

    public sealed class ResponseConfig
    {
        public string? Instructions { get; init; }
    }
}
