using Appliance.Media.Codecs;
using Appliance.Media.Resampling;

namespace Appliance.Media.Session;

/// <summary>
/// Send half of a session's audio: one 20 ms frame from the source at the pipeline rate → resample to the codec rate →
/// encode. Owns its encoder instance. Buffers are sized once here; <see cref="EncodeFrame"/> allocates nothing.
/// </summary>
/// <remarks>
/// G.711 at an 8 kHz pipeline passes through: the source writes the frame's bytes itself (the ones its audio came with,
/// untouched), so audio that arrived as G.711 leaves exactly as it came.
/// </remarks>
internal sealed class OutboundAudioPath : IDisposable
{
    private const int FrameMilliseconds = 20;

    private readonly IAudioCodec _encoder;
    private readonly Resampler _resampler;
    private readonly short[] _pipelinePcm;
    private readonly short[] _codecPcm;
    private readonly int _frameSamples;
    private readonly PayloadCodec _passThrough;

    public OutboundAudioPath(CodecDescriptor codec, int pipelineSampleRate)
    {
        _encoder = codec.Create();
        _resampler = new Resampler(pipelineSampleRate, codec.SampleRate);
        _frameSamples = codec.SamplesPerFrame(FrameMilliseconds);
        _pipelinePcm = new short[pipelineSampleRate / 1000 * FrameMilliseconds];
        _codecPcm = new short[_resampler.GetOutputLength(_pipelinePcm.Length) + 2];
        _passThrough = codec.SampleRate == pipelineSampleRate ? PayloadCodecs.FromName(codec.Name) : PayloadCodec.None;
    }

    /// <summary>RTP timestamp units per 20 ms frame.</summary>
    public int TimestampUnitsPerFrame => _encoder.Descriptor.TimestampUnitsPerFrame(FrameMilliseconds);

    /// <summary>Largest payload one frame encodes to (G.711/G.722: one byte per 8 kHz sample period).</summary>
    public int MaxFramePayload => _frameSamples * 2;

    /// <summary>
    /// Reads one frame from <paramref name="source"/> (null or 0 samples = silence) and encodes it into <paramref name="payload"/>.
    /// Returns the payload length; <paramref name="speech"/> is false when the source had nothing to say.
    /// </summary>
    public int EncodeFrame(IMediaAudioSource? source, Span<byte> payload, out bool speech)
    {
        Span<short> frame = _pipelinePcm;
        int read = _passThrough == PayloadCodec.None
            ? source?.ReadOutbound(frame) ?? 0
            : source?.ReadOutbound(frame, payload[..frame.Length], _passThrough) ?? 0;
        read = Math.Clamp(read, 0, frame.Length);
        speech = read > 0;
        frame[read..].Clear();
        if (_passThrough != PayloadCodec.None)
        {
            // The source wrote the bytes of what it returned; only the silent rest is encoded here.
            return read + PayloadCodecs.Encode(_passThrough, frame[read..], payload[read..]);
        }

        // The resampler's output per frame can differ by one sample for rates that do not divide evenly: pad or trim
        // to exactly one codec frame so the RTP timestamp and the payload always agree.
        Span<short> pcm = _codecPcm;
        int produced = _resampler.Process(frame, pcm);
        if (produced < _frameSamples)
        {
            pcm[produced.._frameSamples].Clear();
        }

        return _encoder.Encode(pcm[.._frameSamples], payload);
    }

    public void Dispose() => _encoder.Dispose();
}
