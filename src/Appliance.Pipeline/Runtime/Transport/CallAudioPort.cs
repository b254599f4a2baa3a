using Appliance.Media.Codecs;
using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>
/// A call's audio seam: media hands caller PCM to <see cref="Input"/> and the pacer reads bot PCM played out by <see cref="Output"/>.
/// G.711 bytes travel with the PCM both ways when media supplies or asks for them (<see cref="AudioFrame.Payload"/>).
/// </summary>
/// <remarks>Put <see cref="Input"/> first and <see cref="Output"/> last in the call's <see cref="PipelineTask"/>.</remarks>
public sealed class CallAudioPort : ICallAudioPort
{
    private readonly AudioPlayout _playout;
    private readonly ICallAudioTap? _tap;
    private long _inboundDropped;

    /// <summary>Creates the port and its two transport processors.</summary>
    public CallAudioPort(CallAudioPortOptions? options = null)
    {
        options ??= new CallAudioPortOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SampleRate);
        SampleRate = options.SampleRate;
        _tap = options.Tap;
        _playout = new AudioPlayout(options.SampleRate, options.BotStoppedAfter);
        Input = new TransportInputProcessor();
        Output = new TransportOutputProcessor(_playout, options.SampleRate, options.DrainGrace);
    }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <summary>The pipeline's first processor.</summary>
    public TransportInputProcessor Input { get; }

    /// <summary>The pipeline's last processor.</summary>
    public TransportOutputProcessor Output { get; }

    /// <summary>Samples of the current (or last) bot utterance actually played: what a realtime model truncates its reply to on barge-in.</summary>
    public long PlayedSamples => _playout.PlayedSamples;

    /// <summary><see cref="PlayedSamples"/> in milliseconds.</summary>
    public long PlayedMilliseconds => PlayedSamples * 1000 / SampleRate;

    /// <summary>Bot audio queued and not yet played, in samples.</summary>
    public long QueuedOutboundSamples => _playout.QueuedSamples;

    /// <summary>Inbound frames dropped because the pipeline had fallen behind (or was not running).</summary>
    public long InboundDropped => Interlocked.Read(ref _inboundDropped);

    /// <summary>Caller audio from media (normally one 20 ms frame); shed and counted when the pipeline has fallen behind.</summary>
    public void OnInboundAudio(ReadOnlySpan<short> samples) => OnInboundAudio(samples, default, PayloadCodec.None);

    /// <summary>Caller audio with the G.711 bytes it was decoded from, which its frames carry on (one byte per sample).</summary>
    public void OnInboundAudio(ReadOnlySpan<short> samples, ReadOnlySpan<byte> payload, PayloadCodec codec)
    {
        _tap?.OnInbound(samples);
        if (payload.Length != samples.Length)
        {
            // Bytes that do not line up with the samples cannot stand in for them.
            codec = PayloadCodec.None;
        }

        if (!Input.IsAttached)
        {
            Interlocked.Increment(ref _inboundDropped);
            return;
        }

        AudioFramePool pool = Input.AudioPool;
        while (!samples.IsEmpty)
        {
            int take = Math.Min(samples.Length, pool.FrameCapacity);
            AudioFrame frame = pool.Rent(SampleRate, samples[..take], codec, codec == PayloadCodec.None ? default : payload[..take]);
            samples = samples[take..];
            payload = codec == PayloadCodec.None ? default : payload[take..];

            // Media must never wait on the pipeline: when the head is full the audio is shed, not queued.
            if (!Input.Queue.TryEnqueueBounded(frame, FrameDirection.Downstream))
            {
                Interlocked.Increment(ref _inboundDropped);
                Input.Metrics?.InboundDropped.Add(1);
            }
        }
    }

    /// <inheritdoc/>
    public void WriteDtmf(char digit)
    {
        if (Input.IsAttached)
        {
            Input.Queue.Enqueue(new DtmfFrame(digit), FrameDirection.Downstream);
        }
    }

    /// <inheritdoc/>
    public int ReadOutbound(Span<short> destination) => ReadOutbound(destination, default, PayloadCodec.None);

    /// <inheritdoc/>
    public int ReadOutbound(Span<short> destination, Span<byte> payload, PayloadCodec codec)
    {
        int played = _playout.Read(destination, payload, codec, out PlayoutEvent playoutEvent);
        _tap?.OnOutbound(destination);
        if (playoutEvent != PlayoutEvent.None && Output.IsAttached)
        {
            Output.OnPlayoutEvent(playoutEvent);
        }

        return played;
    }
}
