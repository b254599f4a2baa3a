namespace Appliance.Cli;

/// <summary>What <c>appliance call</c> was asked to do.</summary>
/// <param name="Target">A SIP URI, or an E.164 number dialled through a configured trunk.</param>
/// <param name="PlayPath">A 16-bit PCM WAV (any rate; the first channel) played to the callee once answered.</param>
/// <param name="RecordPath">Where to write what the callee sends back (mono 16-bit WAV at the codec's rate).</param>
/// <param name="Duration">How long to stay on the call after the answer; null for the WAV's length + 1 s (5 s without one).</param>
/// <param name="Trunk">The trunk to call through, when more than one is configured.</param>
public sealed record CallOptions(string Target, string? PlayPath, string? RecordPath, TimeSpan? Duration, string? Trunk);
