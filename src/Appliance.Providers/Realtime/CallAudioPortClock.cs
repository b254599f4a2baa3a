using Appliance.Pipeline.Runtime.Transport;

namespace Appliance.Providers.Realtime;

/// <summary>Reads the played-audio clock from a call's <see cref="CallAudioPort"/> (the pacer's playout counter).</summary>
internal sealed class CallAudioPortClock(CallAudioPort port) : IPlayedAudioClock
{
    public long PlayedMilliseconds => port.PlayedMilliseconds;
}
