using System.Buffers.Text;
using System.Runtime.InteropServices;
using Appliance.Media.Codecs;
using Appliance.Media.Resampling;

namespace Appliance.Providers.Realtime;

/// <summary>
/// Caller audio → provider format → batched JSON append messages: resamples pipeline PCM to the provider rate, encodes it
/// (PCM16 LE or G.711), and once a batch is full writes <c>prefix + base64 + suffix</c> straight into a pooled message.
/// G.711 bytes that came with the audio in the provider's own format and rate are taken as they are, never re-encoded.
/// </summary>
/// <remarks>Every buffer is sized up front; appending and taking messages allocate nothing. Not thread-safe (pipeline thread).</remarks>
internal sealed class InputAudioEncoder
{
    /// <summary>Most samples one <see cref="Append"/> takes; drain the messages between appends.</summary>
    public const int MaxAppendSamples = 960;

    private readonly Resampler _resampler;
    private readonly RealtimeAudioFormat _format;
    private readonly PayloadCodec _passThrough;
    private readonly byte[] _prefix;
    private readonly byte[] _suffix;
    private readonly OutboundMessagePool _pool;
    private readonly short[] _resampled;
    private readonly byte[] _batch;
    private readonly int _batchBytes;
    private int _filled;
    private long _batchTimestamp;
    private long _lastTimestamp;

    /// <param name="pipelineRate">Rate of the PCM handed to <see cref="Append"/>.</param>
    /// <param name="format">What the provider expects: PCM16 at <paramref name="providerRate"/>, or G.711 at 8 kHz.</param>
    /// <param name="providerRate">Sample rate the provider expects.</param>
    /// <param name="batchMilliseconds">Audio per message.</param>
    /// <param name="prefix">JSON up to the opening quote of the base64 string.</param>
    /// <param name="suffix">JSON from the closing quote on.</param>
    /// <param name="pool">Where messages come from.</param>
    public InputAudioEncoder(int pipelineRate, RealtimeAudioFormat format, int providerRate, int batchMilliseconds, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix, OutboundMessagePool pool)
    {
        _resampler = new Resampler(pipelineRate, providerRate);
        _format = format;
        _passThrough = format.PassThroughCodec(pipelineRate, providerRate);
        _prefix = prefix.ToArray();
        _suffix = suffix.ToArray();
        _pool = pool;
        _resampled = new short[(int)((long)MaxAppendSamples * providerRate / pipelineRate) + 4];
        BytesPerSample = format == RealtimeAudioFormat.Pcm16 ? 2 : 1;
        _batchBytes = providerRate * batchMilliseconds / 1000 * BytesPerSample;
        _batch = new byte[_batchBytes + (_resampled.Length * BytesPerSample)];
    }

    public int BytesPerSample { get; }

    /// <summary>Bytes of provider audio per message.</summary>
    public int BatchBytes => _batchBytes;

    /// <summary>Converts and buffers up to <see cref="MaxAppendSamples"/> samples; <paramref name="timestamp"/> (Stopwatch) marks when they entered the agent.</summary>
    /// <remarks>Take the completed messages before the next append: the batch holds one message plus one append.</remarks>
    public void Append(ReadOnlySpan<short> pcm, long timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcm.Length, MaxAppendSamples);
        Stamp(timestamp);
        int produced = _resampler.Process(pcm, _resampled);
        Span<byte> destination = _batch.AsSpan(_filled);
        ReadOnlySpan<short> samples = _resampled.AsSpan(0, produced);
        switch (_format)
        {
            case RealtimeAudioFormat.Pcmu:
                MuLaw.Encode(samples, destination);
                break;
            case RealtimeAudioFormat.Pcma:
                ALaw.Encode(samples, destination);
                break;
            default:
                WritePcm16(samples, destination);
                break;
        }

        _filled += produced * BytesPerSample;
    }

    /// <summary>
    /// Like <see cref="Append(ReadOnlySpan{short}, long)"/>, given also the G.711 bytes the samples came from (one per
    /// sample): when they are in the provider's format at the pipeline's rate they are buffered untouched, otherwise the
    /// samples are converted as usual.
    /// </summary>
    public void Append(ReadOnlySpan<short> pcm, ReadOnlySpan<byte> payload, PayloadCodec codec, long timestamp)
    {
        if (codec == PayloadCodec.None || codec != _passThrough || payload.Length != pcm.Length)
        {
            Append(pcm, timestamp);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcm.Length, MaxAppendSamples);
        Stamp(timestamp);
        payload.CopyTo(_batch.AsSpan(_filled));
        _filled += payload.Length;
    }

    /// <summary>Takes the next full batch as a ready-to-send message, if one is complete.</summary>
    public bool TryTakeMessage(out OutboundMessage? message)
    {
        if (_filled < _batchBytes)
        {
            message = null;
            return false;
        }

        message = _pool.Rent();
        message.IsAudio = true;
        message.AudioTimestamp = _batchTimestamp;
        Write(message, _batch.AsSpan(0, _batchBytes));
        _filled -= _batchBytes;
        _batch.AsSpan(_batchBytes, _filled).CopyTo(_batch);
        _batchTimestamp = _lastTimestamp;
        return true;
    }

    /// <summary>Drops buffered audio (the caller barged in, or the session restarted).</summary>
    public void Reset() => _filled = 0;

    private void Stamp(long timestamp)
    {
        if (_filled == 0)
        {
            _batchTimestamp = timestamp;
        }

        _lastTimestamp = timestamp;
    }

    private void Write(OutboundMessage message, ReadOnlySpan<byte> audio)
    {
        int max = _prefix.Length + Base64.GetMaxEncodedToUtf8Length(audio.Length) + _suffix.Length;
        Span<byte> span = message.GetSpan(max);
        _prefix.CopyTo(span);
        Base64.EncodeToUtf8(audio, span[_prefix.Length..], out _, out int encoded);
        _suffix.CopyTo(span[(_prefix.Length + encoded)..]);
        message.Advance(_prefix.Length + encoded + _suffix.Length);
    }

    private static void WritePcm16(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(samples).CopyTo(destination);
            return;
        }

        for (int i = 0; i < samples.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 2)..], samples[i]);
        }
    }
}
