using System.Text.Json;

namespace Appliance.Providers.Brain;

/// <summary>Where the remote brain (the conversation policy service) lives and how the appliance talks to it.</summary>
public sealed record RemoteBrainOptions
{
    /// <summary>Base URL; the client posts to <c>{BaseUrl}/session</c>, <c>/tool-call</c> and <c>/events</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; null sends no Authorization header. Resolved secret, never logged.</summary>
    public string? Token { get; init; }

    /// <summary>HMAC-SHA256 key for <c>X-Appliance-Signature</c>; null sends no timestamp/signature headers. Never logged.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>Longest wait for one request (connect, send, response body); the conversation fails safe beyond it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Extra attempts for an event after a connection error, timeout or 5xx (never after a 4xx).</summary>
    public int EventRetries { get; init; } = 3;

    /// <summary>Wait before the first event retry; it doubles on each further retry (0.5, 1, 2 s by default).</summary>
    public TimeSpan EventRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events waiting for delivery; further events are dropped (and counted) while the queue is full.</summary>
    public int EventQueueCapacity { get; init; } = 1024;

    /// <summary>System prompt used (with no tools) when <c>/session</c> fails.</summary>
    public string FallbackSystemPrompt { get; init; } =
        "You are a phone assistant. Our systems are temporarily unavailable: apologise, offer to take a message, and end the call politely.";

    /// <summary>What the model is told when a tool call fails safe; it is sent as <c>{"error": ...}</c>.</summary>
    public string FailureMessage { get; init; } =
        "The system is unavailable right now. Apologise to the caller and offer to try again.";

    /// <summary>Opaque JSON object passed through to the brain as <c>brain_config</c> in <c>/session</c>; null omits it. Clone it off a disposed JsonDocument.</summary>
    public JsonElement? BrainConfig { get; init; }

    /// <summary>How long disposing the client waits for queued events to be delivered.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Names the endpoint only: the generated record printer would include <see cref="Token"/> and <see cref="SigningSecret"/>.</summary>
    public override string ToString() => $"RemoteBrainOptions {{ BaseUrl = {BaseUrl.GetLeftPart(UriPartial.Path)} }}";
}
