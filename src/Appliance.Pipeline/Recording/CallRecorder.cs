using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Appliance.Pipeline.Runtime;
using Appliance.Pipeline.Runtime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Pipeline.Recording;

/// <summary>
/// Records one call: a stereo WAV (caller left, bot right, aligned by sample clock) and a JSON transcript.
/// </summary>
/// <remarks>
/// The audio tap only copies samples into a pooled buffer and offers it to a bounded queue; a background task
/// aligns and writes. When the writer falls behind, chunks are dropped and counted. Low disk space, I/O errors and
/// anything else stop the recording (logged and counted) and never reach the call.
/// </remarks>
public sealed class CallRecorder : ICallAudioTap, IAsyncDisposable
{
    private readonly string _callId;
    private readonly int _sampleRate;
    private readonly RecordingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly PipelineMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly Channel<RecordingChunk> _chunks;
    private readonly List<TranscriptTurn> _turns = [];
    private readonly long _startTimestamp;
    private readonly DateTimeOffset _startedAt;
    private readonly WavFileWriter? _wav;
    private readonly Task _writer;
    private volatile bool _audioActive;
    private long _dropped;

    private CallRecorder(string callId, int sampleRate, RecordingOptions options, TimeProvider timeProvider, PipelineMetrics? metrics, ILogger logger)
    {
        _callId = callId;
        _sampleRate = sampleRate;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _startTimestamp = timeProvider.GetTimestamp();
        _startedAt = timeProvider.GetUtcNow();
        _chunks = Channel.CreateBounded<RecordingChunk>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        string fileStem = FileStem(callId);
        WavPath = Path.Combine(options.Directory, fileStem + ".wav");
        TranscriptPath = Path.Combine(options.Directory, fileStem + ".json");
        Enabled = TryOpen(out _wav);
        _audioActive = _wav is not null;
        _writer = _wav is null ? Task.CompletedTask : Task.Run(WriteAsync);
    }

    /// <summary>False when the recording was skipped (low disk space, directory not writable).</summary>
    public bool Enabled { get; }

    /// <summary>The stereo WAV being written.</summary>
    public string WavPath { get; }

    /// <summary>The JSON transcript written when the recorder is disposed.</summary>
    public string TranscriptPath { get; }

    /// <summary>Audio chunks dropped because the writer fell behind.</summary>
    public long DroppedChunks => Interlocked.Read(ref _dropped);

    /// <summary>Starts recording a call; never throws for I/O reasons (a failed start leaves <see cref="Enabled"/> false).</summary>
    public static CallRecorder Start(string callId, int sampleRate, RecordingOptions options, TimeProvider? timeProvider = null, PipelineMetrics? metrics = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(options);
        return new CallRecorder(callId, sampleRate, options, timeProvider ?? TimeProvider.System, metrics, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc/>
    public void OnInbound(ReadOnlySpan<short> samples) => Offer(RecordingChannel.Caller, samples);

    /// <inheritdoc/>
    public void OnOutbound(ReadOnlySpan<short> samples) => Offer(RecordingChannel.Bot, samples);

    /// <summary>Finishes the WAV and writes the transcript.</summary>
    public async ValueTask DisposeAsync()
    {
        // The pacer may pull once more after the call ended; that audio is not wanted, and is not a drop.
        _audioActive = false;
        _chunks.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        if (!Enabled)
        {
            return;
        }

        try
        {
            TranscriptDocument document;
            lock (_turns)
            {
                document = new TranscriptDocument
                {
                    CallId = _callId,
                    StartedAt = _startedAt,
                    AudioFile = Path.GetFileName(WavPath),
                    Turns = [.. _turns],
                };
            }

            await File.WriteAllBytesAsync(TranscriptPath, JsonSerializer.SerializeToUtf8Bytes(document, TranscriptJsonContext.Default.TranscriptDocument)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    internal void BeginTurn(TranscriptSpeaker speaker)
    {
        long now = ElapsedMs();
        lock (_turns)
        {
            _turns.Add(new TranscriptTurn { Speaker = speaker, StartMs = now });
        }
    }

    internal void EndTurn(TranscriptSpeaker speaker)
    {
        long now = ElapsedMs();
        lock (_turns)
        {
            if (OpenTurn(speaker) is { } turn)
            {
                turn.EndMs = now;
            }
        }
    }

    internal void AddText(TranscriptSpeaker speaker, string text)
    {
        long now = ElapsedMs();
        lock (_turns)
        {
            TranscriptTurn? turn = LastTurn(speaker);
            if (turn is null)
            {
                turn = new TranscriptTurn { Speaker = speaker, StartMs = now, EndMs = now };
                _turns.Add(turn);
            }

            turn.Text = turn.Text is null ? text : turn.Text + " " + text;
        }
    }

    private void Offer(RecordingChannel channel, ReadOnlySpan<short> samples)
    {
        if (!_audioActive || samples.IsEmpty)
        {
            return;
        }

        short[] buffer = ArrayPool<short>.Shared.Rent(samples.Length);
        samples.CopyTo(buffer);
        if (!_chunks.Writer.TryWrite(new RecordingChunk(channel, buffer, samples.Length)))
        {
            ArrayPool<short>.Shared.Return(buffer);
            Interlocked.Increment(ref _dropped);
            _metrics?.RecordingDropped.Add(1);
        }
    }

    private async Task WriteAsync()
    {
        WavFileWriter wav = _wav!;
        var aligner = new StereoAligner((int)(_sampleRate * _options.AlignmentSlack.TotalSeconds));
        short[] interleaved = new short[8192];
        long checkedAt = 0;
        ChannelReader<RecordingChunk> reader = _chunks.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out RecordingChunk chunk))
                {
                    aligner.Add(chunk.Channel, chunk.Buffer.AsSpan(0, chunk.Length));
                    ArrayPool<short>.Shared.Return(chunk.Buffer);
                }

                WriteAligned(aligner, wav, interleaved, flush: false);

                // About once per second of audio: check the disk and keep the header playable.
                if (wav.FramesWritten - checkedAt >= _sampleRate)
                {
                    checkedAt = wav.FramesWritten;
                    wav.UpdateHeader();
                    if (_options.FreeSpaceProbe(_options.Directory) < _options.MinFreeBytes)
                    {
                        RecordingLog.StoppedLowDisk(_logger, _callId, _options.MinFreeBytes);
                        _metrics?.RecordingFailures.Add(1);
                        break;
                    }
                }
            }

            WriteAligned(aligner, wav, interleaved, flush: true);
        }
        catch (Exception ex)
        {
            // Whatever goes wrong with the recording must never reach the call.
            Fail(ex);
        }
        finally
        {
            _audioActive = false;
            while (reader.TryRead(out RecordingChunk chunk))
            {
                ArrayPool<short>.Shared.Return(chunk.Buffer);
            }

            CloseQuietly(wav);
            RecordingLog.Finished(_logger, _callId, wav.FramesWritten, DroppedChunks);
        }
    }

    private static void WriteAligned(StereoAligner aligner, WavFileWriter wav, short[] interleaved, bool flush)
    {
        int frames;
        while ((frames = aligner.Take(interleaved, flush)) > 0)
        {
            wav.Write(interleaved.AsSpan(0, frames * 2));
        }
    }

    private bool TryOpen(out WavFileWriter? wav)
    {
        wav = null;
        try
        {
            Directory.CreateDirectory(_options.Directory);
            long free = _options.FreeSpaceProbe(_options.Directory);
            if (free < _options.MinFreeBytes)
            {
                RecordingLog.SkippedLowDisk(_logger, _callId, free, _options.Directory, _options.MinFreeBytes);
                _metrics?.RecordingFailures.Add(1);
                return false;
            }

            wav = new WavFileWriter(WavPath, _sampleRate, channels: 2);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Fail(ex);
            return false;
        }
    }

    private void CloseQuietly(WavFileWriter wav)
    {
        try
        {
            wav.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    private void Fail(Exception ex)
    {
        RecordingLog.Failed(_logger, _callId, ex);
        _metrics?.RecordingFailures.Add(1);
    }

    private TranscriptTurn? OpenTurn(TranscriptSpeaker speaker) =>
        LastTurn(speaker) is { EndMs: null } turn ? turn : null;

    private TranscriptTurn? LastTurn(TranscriptSpeaker speaker)
    {
        for (int i = _turns.Count - 1; i >= 0; i--)
        {
            if (_turns[i].Speaker == speaker)
            {
                return _turns[i];
            }
        }

        return null;
    }

    private long ElapsedMs() => (long)_timeProvider.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    private static string FileStem(string callId)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        char[] stem = callId.ToCharArray();
        for (int i = 0; i < stem.Length; i++)
        {
            if (Array.IndexOf(invalid, stem[i]) >= 0)
            {
                stem[i] = '_';
            }
        }

        return new string(stem);
    }
}
