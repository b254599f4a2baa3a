using System.Buffers.Text;
using System.Runtime.InteropServices;
using Appliance.Media.Codecs;
using Appliance.Media.Resampling;

namespace Appliance.Providers.Realtime;

/// <summary>Provider audio (base64 UTF-8 of PCM16 LE or G.711) → PCM at the pipeline rate, in reusable buffers.</summary>
/// <remarks>
/// G.711 at the pipeline's own rate also hands back the provider's bytes, so they can reach RTP untouched.
/// Buffers grow to the largest delta seen and are then reused, so steady playback allocates nothing. Receive thread only.
/// </remarks>
internal sealed class OutputAudioDecoder
{
    private readonly RealtimeAudioFormat _format;
    private readonly Resampler _resampler;
    private byte[] _bytes = new byte[8192];
    private short[] _providerPcm = new short[4096];
    private short[] _pipelinePcm = new short[4096];
    private int _carry = -1;

    public OutputAudioDecoder(RealtimeAudioFormat format, int providerRate, int pipelineRate)
    {
        _format = format;
        _resampler = new Resampler(providerRate, pipelineRate);
        PassThrough = format.PassThroughCodec(pipelineRate, providerRate);
    }

    /// <summary>The codec of the bytes <see cref="Decode(ReadOnlySpan{byte}, out ReadOnlySpan{byte})"/> hands back; None when it hands back none.</summary>
    public PayloadCodec PassThrough { get; }

    /// <summary>Decodes one base64 delta; the returned PCM is valid until the next call. Empty when the base64 is invalid.</summary>
    public ReadOnlySpan<short> Decode(ReadOnlySpan<byte> base64Utf8) => Decode(base64Utf8, out _);

    /// <summary>
    /// Decodes one base64 delta, and when <see cref="PassThrough"/> is set also returns the delta's own bytes in
    /// <paramref name="payload"/>, one per PCM sample (empty otherwise). Both are valid until the next call.
    /// </summary>
    public ReadOnlySpan<short> Decode(ReadOnlySpan<byte> base64Utf8, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        int maxBytes = Base64.GetMaxDecodedFromUtf8Length(base64Utf8.Length) + 1;
        if (_bytes.Length < maxBytes)
        {
            _bytes = new byte[maxBytes];
        }

        // One byte of an odd-length PCM16 delta carries over to the next, so a split sample is not lost.
        int offset = 0;
        if (_carry >= 0)
        {
            _bytes[0] = (byte)_carry;
            offset = 1;
            _carry = -1;
        }

        if (Base64.DecodeFromUtf8(base64Utf8, _bytes.AsSpan(offset), out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            return default;
        }

        int length = offset + written;
        int samples = _format == RealtimeAudioFormat.Pcm16 ? length / 2 : length;
        if (_providerPcm.Length < samples)
        {
            _providerPcm = new short[samples];
        }

        Span<short> providerPcm = _providerPcm.AsSpan(0, samples);
        switch (_format)
        {
            case RealtimeAudioFormat.Pcmu:
                MuLaw.Decode(_bytes.AsSpan(0, length), providerPcm);
                break;
            case RealtimeAudioFormat.Pcma:
                ALaw.Decode(_bytes.AsSpan(0, length), providerPcm);
                break;
            default:
                ReadPcm16(_bytes.AsSpan(0, samples * 2), providerPcm);
                if ((length & 1) != 0)
                {
                    _carry = _bytes[length - 1];
                }

                break;
        }

        int needed = _resampler.GetOutputLength(samples);
        if (_pipelinePcm.Length < needed)
        {
            _pipelinePcm = new short[needed];
        }

        int produced = _resampler.Process(providerPcm, _pipelinePcm);
        if (PassThrough != PayloadCodec.None)
        {
            // Same rate, no resampling: sample i is byte i.
            payload = _bytes.AsSpan(0, produced);
        }

        return _pipelinePcm.AsSpan(0, produced);
    }

    /// <summary>Forgets a half sample carried over (a new response starts).</summary>
    public void Reset() => _carry = -1;

    private static void ReadPcm16(ReadOnlySpan<byte> bytes, Span<short> pcm)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, short>(bytes).CopyTo(pcm);
            return;
        }

        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
        }
    }
}
