namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>Sees the audio crossing a <see cref="CallAudioPort"/> (the call recorder); called on media threads, must not block.</summary>
public interface ICallAudioTap
{
    /// <summary>Caller audio as media pushed it in.</summary>
    void OnInbound(ReadOnlySpan<short> samples);

    /// <summary>What the pacer actually pulled for playout, silence included, so it doubles as the call's sample clock.</summary>
    void OnOutbound(ReadOnlySpan<short> samples);
}
