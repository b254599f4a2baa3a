using Appliance.Media.Codecs;
using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

/// <summary>
/// Echoes what a session receives back to it with the G.711 bytes it came with, as a pass-through pipeline would;
/// pacer thread only, allocation-free. A PCM-only read gets the PCM alone.
/// </summary>
internal sealed class PayloadLoopback : IMediaAudioSink, IMediaAudioSource
{
    private readonly short[] _pcm = new short[4096];
    private readonly byte[] _bytes = new byte[4096];
    private PayloadCodec _codec;
    private int _count;

    public int PcmOnlyFrames { get; private set; }

    public void OnInboundAudio(ReadOnlySpan<short> pcm) => PcmOnlyFrames++;

    public void OnInboundAudio(ReadOnlySpan<short> pcm, ReadOnlySpan<byte> payload, PayloadCodec codec)
    {
        int take = Math.Min(pcm.Length, _pcm.Length - _count);
        pcm[..take].CopyTo(_pcm.AsSpan(_count));
        payload[..take].CopyTo(_bytes.AsSpan(_count));
        _codec = codec;
        _count += take;
    }

    public int ReadOutbound(Span<short> pcm) => Read(pcm, default, PayloadCodec.None);

    public int ReadOutbound(Span<short> pcm, Span<byte> payload, PayloadCodec codec) => Read(pcm, payload, codec);

    private int Read(Span<short> pcm, Span<byte> payload, PayloadCodec codec)
    {
        int take = Math.Min(pcm.Length, _count);
        _pcm.AsSpan(0, take).CopyTo(pcm);
        if (codec != PayloadCodec.None)
        {
            if (codec == _codec)
            {
                _bytes.AsSpan(0, take).CopyTo(payload);
            }
            else
            {
                PayloadCodecs.Encode(codec, pcm[..take], payload);
            }
        }

        _count -= take;
        _pcm.AsSpan(take, _count).CopyTo(_pcm);
        _bytes.AsSpan(take, _count).CopyTo(_bytes);
        return take;
    }
}
