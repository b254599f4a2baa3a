namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>Settings of a <see cref="CallAudioPort"/>.</summary>
public sealed class CallAudioPortOptions
{
    /// <summary>PCM rate inside the pipeline; media resamples to and from it.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>How long playout must run dry before the bot counts as stopped (TTS leaves short gaps between chunks).</summary>
    public TimeSpan BotStoppedAfter { get; init; } = TimeSpan.FromMilliseconds(350);

    /// <summary>Extra time a graceful end waits, beyond the queued audio's length, for playout to finish.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sees inbound and played audio (the call recorder); null for none.</summary>
    public ICallAudioTap? Tap { get; init; }
}
