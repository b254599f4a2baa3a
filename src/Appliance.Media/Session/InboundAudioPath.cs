using Appliance.Media.Codecs;
using Appliance.Media.Jitter;
using Appliance.Media.Resampling;

namespace Appliance.Media.Session;

/// <summary>
/// Receive half of a session's audio: jitter buffer → decode or conceal → resample to the pipeline rate → sink.
/// Owns its decoder instance (separate from the encoder, so a resync of the peer's stream never disturbs what we send).
/// Buffers are sized once here; <see cref="Push"/> and <see cref="PlayFrame"/> allocate nothing.
/// </summary>
/// <remarks>
/// G.711 at an 8 kHz pipeline passes through: a byte FIFO runs beside the PCM FIFO, holding the received payload bytes
/// as they are (concealment and silence encoded from their PCM), and the sink gets both.
/// </remarks>
internal sealed class InboundAudioPath : IDisposable
{
    private const int FrameMilliseconds = 20;

    private readonly IAudioCodec _decoder;
    private readonly JitterBuffer _jitter;
    private readonly PacketLossConcealer _concealer;
    private readonly Resampler _resampler;
    private readonly byte[] _payload;
    private readonly short[] _fifo;
    private readonly PayloadCodec _passThrough;
    private readonly byte[] _payloadFifo;
    private int _fifoCount;
    private int _packetSamples;
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
        // The FIFO holds less than one tick plus the largest packet the jitter buffer accepts (G.722 decodes
        // 2 samples per byte) or a concealed packet of that length, rounded up to whole ticks.
        int maxCodecSamples = Math.Max(_frameSamples, jitterOptions.MaxPayloadSize * 2);
        _fifo = new short[maxCodecSamples + (2 * _frameSamples)];
        _packetSamples = _frameSamples;
        _passThrough = codec.SampleRate == pipelineSampleRate ? PayloadCodecs.FromName(codec.Name) : PayloadCodec.None;
        _payloadFifo = _passThrough == PayloadCodec.None ? [] : new byte[_fifo.Length];
        _pipelinePcm = new short[(int)((long)_frameSamples * pipelineSampleRate / codec.SampleRate) + 4];
    }

    public JitterBufferStatistics Statistics => _jitter.Statistics;

    public JitterPushResult Push(TimeSpan arrival, uint ssrc, ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload) =>
        _jitter.Push(arrival, ssrc, sequenceNumber, timestamp, marker, payload);

    /// <summary>
    /// Plays the 20 ms due at <paramref name="now"/> into <paramref name="sink"/>: decoded, concealed, or silence.
    /// Packets may be longer than a tick (ptime 30, 40, 60): each is decoded whole into a FIFO and
    /// the next packet is taken only when the FIFO holds less than one tick, so the sink stays on
    /// real time whatever the peer's packetization.
    /// </summary>
    public void PlayFrame(TimeSpan now, IMediaAudioSink? sink)
    {
        while (_fifoCount < _frameSamples)
        {
            JitterFrame frame = _jitter.Pop(now, _payload);
            Span<short> free = _fifo.AsSpan(_fifoCount);
            switch (frame.Kind)
            {
                case JitterFrameKind.Frame:
                    int decoded = _decoder.Decode(_payload.AsSpan(0, frame.Length), free);
                    if (decoded == _frameSamples)
                    {
                        _concealer.Accept(free[..decoded]);
                    }

                    if (_passThrough != PayloadCodec.None)
                    {
                        _payload.AsSpan(0, decoded).CopyTo(_payloadFifo.AsSpan(_fifoCount));
                    }

                    _packetSamples = decoded > 0 ? decoded : _packetSamples;
                    _fifoCount += decoded;
                    break;
                case JitterFrameKind.Conceal:
                    // A lost packet is as long as its neighbours: conceal whole ticks, keep exactly its length.
                    int concealed = 0;
                    for (; concealed < _packetSamples; concealed += _frameSamples)
                    {
                        _concealer.Conceal(_fifo.AsSpan(_fifoCount + concealed, _frameSamples));
                    }

                    EncodePassThrough(_packetSamples);
                    _fifoCount += _packetSamples;
                    break;
                default:
                    // Priming or underrun: silence keeps the sink on a steady 20 ms clock.
                    free[.._frameSamples].Clear();
                    EncodePassThrough(_frameSamples);
                    _fifoCount += _frameSamples;
                    break;
            }
        }

        if (sink is not null)
        {
            if (_passThrough != PayloadCodec.None)
            {
                sink.OnInboundAudio(_fifo.AsSpan(0, _frameSamples), _payloadFifo.AsSpan(0, _frameSamples), _passThrough);
            }
            else
            {
                int produced = _resampler.Process(_fifo.AsSpan(0, _frameSamples), _pipelinePcm);
                sink.OnInboundAudio(_pipelinePcm.AsSpan(0, produced));
            }
        }

        _fifoCount -= _frameSamples;
        _fifo.AsSpan(_frameSamples, _fifoCount).CopyTo(_fifo);
        if (_passThrough != PayloadCodec.None)
        {
            _payloadFifo.AsSpan(_frameSamples, _fifoCount).CopyTo(_payloadFifo);
        }
    }

    /// <summary>The peer's stream restarted (new SSRC): forget decoder and filter history.</summary>
    public void ResetDecoder()
    {
        _decoder.Reset();
        _resampler.Reset();
        _fifoCount = 0;
    }

    public void Dispose()
    {
        _jitter.Dispose();
        _decoder.Dispose();
    }

    /// <summary>Gives audio the peer never sent (concealment, silence) bytes too: the encoding of the PCM about to join the FIFO.</summary>
    private void EncodePassThrough(int samples)
    {
        if (_passThrough != PayloadCodec.None)
        {
            PayloadCodecs.Encode(_passThrough, _fifo.AsSpan(_fifoCount, samples), _payloadFifo.AsSpan(_fifoCount));
        }
    }
}
