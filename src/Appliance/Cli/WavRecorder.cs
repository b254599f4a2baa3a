using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Appliance.Media.Session;

namespace Appliance.Cli;

/// <summary>Keeps what a media session receives (its played-out 20 ms frames) and writes it as a mono 16-bit WAV.</summary>
internal sealed class WavRecorder(int sampleRate, TimeSpan expected) : IMediaAudioSink
{
    private short[] _samples = new short[(int)(sampleRate * (expected.TotalSeconds + 5))];
    private int _count;

    public int SampleRate => sampleRate;

    public TimeSpan Recorded => TimeSpan.FromSeconds((double)_count / sampleRate);

    /// <summary>Called under the session's lock on the pacer thread; grows (rarely) when the call outlasts the estimate.</summary>
    public void OnInboundAudio(ReadOnlySpan<short> pcm)
    {
        if (_count + pcm.Length > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + pcm.Length));
        }
        pcm.CopyTo(_samples.AsSpan(_count));
        _count += pcm.Length;
    }

    /// <summary>Writes the recording (call it once the session has stopped).</summary>
    public void Save(string path)
    {
        const int HeaderSize = 44;
        var dataBytes = _count * sizeof(short);
        Span<byte> header = stackalloc byte[HeaderSize];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], HeaderSize - 8 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(header);
        // WAV is little-endian, as is every platform the appliance ships on.
        file.Write(MemoryMarshal.AsBytes(_samples.AsSpan(0, _count)));
    }
}
