using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Resampling;

namespace Appliance.Media.Session;

/// <summary>
/// Receive half of a session's audio: jitter buffer → decode or conceal → resample to the pipeline rate → sink.
/// Owns its decoder instance (separate from the encoder, so a resync of the peer's stream never disturbs what we send).
/// Buffers are sized once here; <see cref="Push"/> and <see cref="PlayFrame"/> allocate nothing.
/// </summary>
internal sealed class InboundAudioPath : IDisposable
{
    private const int FrameMilliseconds = 20;

    private readonly IAudioCodec _decoder;
    private readonly JitterBuffer _jitter;
    private readonly PacketLossConcealer _concealer;
    private readonly Resampler _resampler;
    private readonly byte[] _payload;
    private readonly short[] _codecPcm;
    private readonly short[] _pipelinePcm;
    private readonly int _frameSamples;

    public InboundAudioPath(CodecDescriptor codec, int pipelineSampleRate, JitterBufferOptions jitterOptions)
    {
        _decoder = codec.Create();
        _jitter = new JitterBuffer(jitterOptions);
        _frameSamples = codec.SamplesPerFrame(FrameMilliseconds);
        _concealer = new PacketLossConcealer(codec.SampleRate, _frameSamples);
        _resampler = new Resampler(codec.SampleRate, pipelineSampleRate);
        _payload = new byte[jitterOptions.MaxPayloadSize];

        // Room for the largest payload the jitter buffer accepts (G.722 decodes 2 samples per byte) and its resampled form.
        int maxCodecSamples = Math.Max(_frameSamples, jitterOptions.MaxPayloadSize * 2);
        _codecPcm = new short[maxCodecSamples];
        _pipelinePcm = new short[(int)((long)maxCodecSamples * pipelineSampleRate / codec.SampleRate) + 4];
    }

    public JitterBufferStatistics Statistics => _jitter.Statistics;

    public JitterPushResult Push(TimeSpan arrival, uint ssrc, ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload) =>
        _jitter.Push(arrival, ssrc, sequenceNumber, timestamp, marker, payload);

    /// <summary>Plays the frame due at <paramref name="now"/> into <paramref name="sink"/>: decoded, concealed, or silence.</summary>
    public void PlayFrame(TimeSpan now, IMediaAudioSink? sink)
    {
        JitterFrame frame = _jitter.Pop(now, _payload);
        Span<short> pcm = _codecPcm;
        int samples;
        switch (frame.Kind)
        {
            case JitterFrameKind.Frame:
                samples = _decoder.Decode(_payload.AsSpan(0, frame.Length), pcm);
                if (samples == _frameSamples)
                {
                    _concealer.Accept(pcm[..samples]);
                }

                break;
            case JitterFrameKind.Conceal:
                samples = _frameSamples;
                _concealer.Conceal(pcm[..samples]);
                break;
            default:
                // Priming or underrun: silence keeps the sink on a steady 20 ms clock.
                samples = _frameSamples;
                pcm[..samples].Clear();
                break;
        }

        if (sink is null)
        {
            return;
        }

        int produced = _resampler.Process(pcm[..samples], _pipelinePcm);
        sink.OnInboundAudio(_pipelinePcm.AsSpan(0, produced));
    }

    /// <summary>The peer's stream restarted (new SSRC): forget decoder and filter history.</summary>
    public void ResetDecoder()
    {
        _decoder.Reset();
        _resampler.Reset();
    }

    public void Dispose()
    {
        _jitter.Dispose();
        _decoder.Dispose();
    }
}
