using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Appliance.Pipeline.Recording;

/// <summary>
/// Writes a 16-bit PCM WAV file incrementally (the call recorder's stereo file, the CLI's mono recording); the header's
/// sizes are patched on <see cref="UpdateHeader"/> and on dispose.
/// </summary>
public sealed class WavFileWriter : IDisposable
{
    private const int HeaderSize = 44;
    private readonly FileStream _stream;
    private readonly int _channels;
    private long _dataBytes;

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes the header; sizes stay zero until patched.</summary>
    public WavFileWriter(string path, int sampleRate, int channels)
    {
        _channels = channels;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        Span<byte> header = stackalloc byte[HeaderSize];
        "RIFF"u8.CopyTo(header);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * channels * sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)(channels * sizeof(short)));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        _stream.Write(header);
    }

    /// <summary>Frames (one sample per channel) written so far.</summary>
    public long FramesWritten => _dataBytes / (_channels * sizeof(short));

    /// <summary>Appends interleaved samples.</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        // WAV is little-endian, as is every platform the appliance ships on, so the samples go out as they lie.
        _stream.Write(MemoryMarshal.AsBytes(interleaved));
        _dataBytes += interleaved.Length * sizeof(short);
    }

    /// <summary>Writes the current sizes into the header, so a file cut short by a crash still plays up to here.</summary>
    public void UpdateHeader()
    {
        long end = _stream.Position;
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes + HeaderSize - 8));
        _stream.Position = 4;
        _stream.Write(size);
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)Math.Min(uint.MaxValue, _dataBytes));
        _stream.Position = 40;
        _stream.Write(size);
        _stream.Position = end;
        _stream.Flush();
    }

    /// <summary>Patches the header and closes the file.</summary>
    public void Dispose()
    {
        UpdateHeader();
        _stream.Dispose();
    }
}
