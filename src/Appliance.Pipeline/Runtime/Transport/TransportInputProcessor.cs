namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>Head of a call pipeline: caller audio and DTMF from the <see cref="CallAudioPort"/> enter through its queue.</summary>
/// <remarks>It passes every frame on; being first, its queue is where a stalled pipeline sheds inbound audio.</remarks>
public sealed class TransportInputProcessor : FrameProcessor
{
    internal TransportInputProcessor()
        : base("transport-in")
    {
    }
}
