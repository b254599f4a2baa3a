using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Appliance.Pipeline.Recording;
using Appliance.Pipeline.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Pipeline.Tests.Recording;

public sealed class CallRecorderTests : IDisposable
{
    private const int Rate = 8000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-rec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_a_valid_stereo_wav_with_caller_left_and_bot_right_aligned()
    {
        CallRecorder recorder = CallRecorder.Start("call/1@host", Rate, new RecordingOptions { Directory = _directory, MinFreeBytes = 0 });
        short[] caller = new short[160];
        short[] bot = new short[160];
        for (int frame = 0; frame < 50; frame++)
        {
            // Each side's sample n carries n, so aligned channels hold equal magnitudes, caller positive, bot negative.
            for (int i = 0; i < 160; i++)
            {
                caller[i] = (short)((frame * 160) + i);
                bot[i] = (short)-((frame * 160) + i);
            }

            recorder.OnInbound(caller);
            recorder.OnOutbound(bot);
        }

        await recorder.DisposeAsync();

        Assert.Equal("call_1@host.wav", Path.GetFileName(recorder.WavPath));
        Wav wav = Wav.Parse(await File.ReadAllBytesAsync(recorder.WavPath));
        Assert.Equal(2, wav.Channels);
        Assert.Equal(Rate, wav.SampleRate);
        Assert.Equal(16, wav.BitsPerSample);
        Assert.Equal(50 * 160, wav.Frames);
        for (int n = 0; n < wav.Frames; n++)
        {
            Assert.Equal(n, wav.Left(n));
            Assert.Equal(-n, wav.Right(n));
        }

        Assert.Equal(0, recorder.DroppedChunks);
    }

    [Fact]
    public async Task A_silent_bot_side_is_filled_with_silence_in_real_time()
    {
        CallRecorder recorder = CallRecorder.Start("one-sided", Rate, new RecordingOptions { Directory = _directory, MinFreeBytes = 0 });
        short[] caller = new short[160];
        caller.AsSpan().Fill(100);
        for (int frame = 0; frame < 25; frame++)
        {
            recorder.OnInbound(caller);
        }

        await recorder.DisposeAsync();

        Wav wav = Wav.Parse(await File.ReadAllBytesAsync(recorder.WavPath));
        Assert.Equal(25 * 160, wav.Frames);
        for (int n = 0; n < wav.Frames; n++)
        {
            Assert.Equal(100, wav.Left(n));
            Assert.Equal(0, wav.Right(n));
        }
    }

    [Fact]
    public async Task Writes_a_json_transcript_of_turns()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        CallRecorder recorder = CallRecorder.Start("t1", Rate, new RecordingOptions { Directory = _directory, MinFreeBytes = 0 }, time);
        time.Advance(TimeSpan.FromMilliseconds(500));
        recorder.BeginTurn(TranscriptSpeaker.User);
        recorder.AddText(TranscriptSpeaker.User, "hello");
        time.Advance(TimeSpan.FromMilliseconds(1500));
        recorder.EndTurn(TranscriptSpeaker.User);
        time.Advance(TimeSpan.FromMilliseconds(300));
        recorder.BeginTurn(TranscriptSpeaker.Bot);

        await recorder.DisposeAsync();

        using JsonDocument json = JsonDocument.Parse(await File.ReadAllBytesAsync(recorder.TranscriptPath));
        JsonElement root = json.RootElement;
        Assert.Equal("t1", root.GetProperty("callId").GetString());
        Assert.Equal("t1.wav", root.GetProperty("audioFile").GetString());
        JsonElement[] turns = [.. root.GetProperty("turns").EnumerateArray()];
        Assert.Equal(2, turns.Length);
        Assert.Equal("User", turns[0].GetProperty("speaker").GetString());
        Assert.Equal(500, turns[0].GetProperty("startMs").GetInt64());
        Assert.Equal(2000, turns[0].GetProperty("endMs").GetInt64());
        Assert.Equal("hello", turns[0].GetProperty("text").GetString());
        Assert.Equal("Bot", turns[1].GetProperty("speaker").GetString());
        Assert.False(turns[1].TryGetProperty("endMs", out _));
    }

    [Fact]
    public async Task Low_disk_space_skips_the_recording_without_failing()
    {
        CallRecorder recorder = CallRecorder.Start("full-disk", Rate, new RecordingOptions { Directory = _directory, FreeSpaceProbe = _ => 10, MinFreeBytes = 1000 });

        recorder.OnInbound(new short[160]);
        await recorder.DisposeAsync();

        Assert.False(recorder.Enabled);
        Assert.False(File.Exists(recorder.WavPath));
        Assert.False(File.Exists(recorder.TranscriptPath));
    }

    [Fact]
    public async Task Disk_filling_up_mid_call_stops_the_recording_and_keeps_a_valid_file()
    {
        using var metrics = new PipelineMetrics();
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "appliance.pipeline.recording.failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();
        int probes = 0;

        // Plenty of space when the call starts, then the disk is full.
        CallRecorder recorder = CallRecorder.Start("filling", Rate, new RecordingOptions { Directory = _directory, FreeSpaceProbe = _ => Interlocked.Increment(ref probes) == 1 ? long.MaxValue : 10, MinFreeBytes = 1000 }, metrics: metrics);
        short[] second = new short[Rate];
        for (int i = 0; i < 3; i++)
        {
            recorder.OnInbound(second);
            recorder.OnOutbound(second);
        }

        await recorder.DisposeAsync();

        Assert.Equal(1, Interlocked.Read(ref failures));
        Wav wav = Wav.Parse(await File.ReadAllBytesAsync(recorder.WavPath));
        Assert.Equal(2, wav.Channels);
        Assert.InRange(wav.Frames, Rate, 3 * Rate);
    }

    /// <summary>A minimal RIFF/WAVE reader, enough to check what the recorder wrote.</summary>
    private sealed class Wav
    {
        private byte[] _data = [];

        public int Channels { get; private set; }

        public int SampleRate { get; private set; }

        public int BitsPerSample { get; private set; }

        public int Frames => _data.Length / (Channels * 2);

        public static Wav Parse(byte[] file)
        {
            Assert.Equal("RIFF"u8.ToArray(), file[..4]);
            Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
            Assert.Equal("WAVE"u8.ToArray(), file[8..12]);
            var wav = new Wav();
            int offset = 12;
            while (offset + 8 <= file.Length)
            {
                string id = System.Text.Encoding.ASCII.GetString(file, offset, 4);
                int size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
                ReadOnlySpan<byte> body = file.AsSpan(offset + 8, size);
                if (id == "fmt ")
                {
                    Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(body));
                    wav.Channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                    wav.SampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                    Assert.Equal(wav.SampleRate * wav.Channels * 2, BinaryPrimitives.ReadInt32LittleEndian(body[8..]));
                    Assert.Equal(wav.Channels * 2, BinaryPrimitives.ReadInt16LittleEndian(body[12..]));
                    wav.BitsPerSample = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
                }
                else if (id == "data")
                {
                    wav._data = body.ToArray();
                }

                offset += 8 + size;
            }

            Assert.Equal(file.Length, offset);
            return wav;
        }

        public short Left(int frame) => BinaryPrimitives.ReadInt16LittleEndian(_data.AsSpan(frame * 4));

        public short Right(int frame) => BinaryPrimitives.ReadInt16LittleEndian(_data.AsSpan((frame * 4) + 2));
    }
}
