using Appliance.Media.Codecs;
using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

/// <summary>
/// Records the G.711 bytes and PCM a session hands its sink, and counts samples whose byte and PCM disagree (neither
/// decodes nor encodes to the other). Preallocated, so recording allocates nothing.
/// </summary>
internal sealed class PayloadRecorder(int capacity = 1 << 16) : IMediaAudioSink
{
    private readonly byte[] _bytes = new byte[capacity];
    private readonly short[] _pcm = new short[capacity];

    public int Count { get; private set; }

    public int PcmOnlyFrames { get; private set; }

    public int Misaligned { get; private set; }

    public PayloadCodec Codec { get; private set; }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Count);

    public ReadOnlySpan<short> Pcm => _pcm.AsSpan(0, Count);

    /// <summary>Forgets the recorded audio (the counters stay), so a long run can keep recording.</summary>
    public void Reset() => Count = 0;

    public void OnInboundAudio(ReadOnlySpan<short> pcm) => PcmOnlyFrames++;

    public void OnInboundAudio(ReadOnlySpan<short> pcm, ReadOnlySpan<byte> payload, PayloadCodec codec)
    {
        Codec = codec;
        for (int i = 0; i < pcm.Length; i++)
        {
            bool muLaw = codec == PayloadCodec.Pcmu;
            bool decodes = (muLaw ? MuLaw.Decode(payload[i]) : ALaw.Decode(payload[i])) == pcm[i];
            bool encodes = (muLaw ? MuLaw.Encode(pcm[i]) : ALaw.Encode(pcm[i])) == payload[i];
            Misaligned += payload.Length != pcm.Length || !(decodes || encodes) ? 1 : 0;
        }

        int take = Math.Min(pcm.Length, _bytes.Length - Count);
        payload[..take].CopyTo(_bytes.AsSpan(Count));
        pcm[..take].CopyTo(_pcm.AsSpan(Count));
        Count += take;
    }
}
