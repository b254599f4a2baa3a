namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The <c>response.create</c> client event, with optional per-response instructions (the greeting, a say) and metadata.</summary>
internal sealed class OpenAiResponseCreate
{
    public string Type => "response.create";

    public ResponseConfig? Response { get; init; }

    public sealed class ResponseConfig
    {
        public string? Instructions { get; init; }

        /// <summary>Echoed in the response's <c>response.done</c>: tells the agent which response it is.</summary>
        public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    }
}
