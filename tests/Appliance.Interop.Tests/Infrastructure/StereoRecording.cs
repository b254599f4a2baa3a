using System.Buffers.Binary;

namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>
/// The appliance's own per-call recording (caller left, bot right, on one sample clock), read
/// for timing: when each side starts and stops talking, in the appliance's timeline.
/// </summary>
internal sealed class StereoRecording
{
    private const int WindowMs = 5;

    public required short[] Caller { get; init; }
    public required short[] Bot { get; init; }
    public required int SampleRate { get; init; }

    public static StereoRecording Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 12;
        var rate = 0;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "fmt ")
            {
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 12));
            }
            else if (id == "data")
            {
                var frames = Math.Min(size, bytes.Length - offset - 8) / 4;
                var caller = new short[frames];
                var bot = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    caller[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + (i * 4)));
                    bot[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 10 + (i * 4)));
                }
                return new StereoRecording { Caller = caller, Bot = bot, SampleRate = rate };
            }
            offset += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk");
    }

    /// <summary>Start of the first 5 ms window at or after <paramref name="from"/> whose level exceeds the threshold.</summary>
    public static TimeSpan? FirstActive(short[] channel, int rate, TimeSpan from, double threshold = 300)
    {
        var window = rate * WindowMs / 1000;
        for (var start = (int)(from.TotalSeconds * rate); start + window <= channel.Length; start += window)
        {
            if (Signal.Rms(channel.AsSpan(start, window)) > threshold)
            {
                return TimeSpan.FromSeconds((double)start / rate);
            }
        }
        return null;
    }

    /// <summary>
    /// End of activity after <paramref name="from"/>: the start of the first silent run at least
    /// <paramref name="gap"/> long (speech has short pauses between syllables).
    /// </summary>
    public static TimeSpan? EndOfActivity(short[] channel, int rate, TimeSpan from, TimeSpan gap, double threshold = 300)
    {
        var window = rate * WindowMs / 1000;
        int? silentSince = null;
        for (var start = (int)(from.TotalSeconds * rate); start + window <= channel.Length; start += window)
        {
            if (Signal.Rms(channel.AsSpan(start, window)) > threshold)
            {
                silentSince = null;
            }
            else
            {
                silentSince ??= start;
                if (start + window - silentSince.Value >= gap.TotalSeconds * rate)
                {
                    return TimeSpan.FromSeconds((double)silentSince.Value / rate);
                }
            }
        }
        return silentSince is { } s ? TimeSpan.FromSeconds((double)s / rate) : null;
    }
}
