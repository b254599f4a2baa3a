using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Agents;

/// <summary>The "parrot" agent: records the caller's utterance during the user turn and plays it back once the turn ends.</summary>
/// <remarks>
/// The utterance is cut by stream position, not by frame arrival: user started/stopped are system frames and may
/// overtake the audio queued before them, so the agent keeps its own sample clock and takes exactly the audio from
/// the start (less a pre-roll for the VAD's confirmation lag) to the stop. Playback is interruptible because the
/// frames are handed to the output transport, which drops them when an interruption arrives.
/// </remarks>
public sealed class ParrotAgent : FrameProcessor
{
    private readonly Queue<(AudioFrame Frame, long Start)> _preRoll = new();
    private readonly Queue<(AudioFrame Frame, long Start)> _utterance = new();
    private readonly TimeSpan _preRollLength;
    private readonly TimeSpan _maxUtterance;
    private int _rate = 16000;
    private long _position;
    private long _utteranceSamples;
    private bool _collecting;
    private long _from;
    private long? _stopAt;

    /// <summary>Creates the agent.</summary>
    /// <param name="preRoll">Audio kept from before the user-started position (VAD confirmation lag).</param>
    /// <param name="maxUtterance">Longest utterance kept; later audio is dropped.</param>
    public ParrotAgent(TimeSpan? preRoll = null, TimeSpan? maxUtterance = null)
        : base("parrot")
    {
        _preRollLength = preRoll ?? TimeSpan.FromMilliseconds(300);
        _maxUtterance = maxUtterance ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc/>
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        if (direction == FrameDirection.Downstream)
        {
            switch (frame)
            {
                case AudioFrame audio:
                    Collect(audio);
                    return;
                case UserStartedSpeakingFrame started:
                    StartUtterance(ToSamples(started.At - _preRollLength));
                    break;
                case UserStoppedSpeakingFrame stopped:
                    PushFrame(frame);
                    _stopAt = ToSamples(stopped.At);
                    PlayBackIfHeard();
                    return;
            }
        }

        PushFrame(frame, direction);
    }

    /// <inheritdoc/>
    protected internal override ValueTask OnStopAsync()
    {
        ReleaseAll(_preRoll);
        ReleaseAll(_utterance);
        return ValueTask.CompletedTask;
    }

    private void Collect(AudioFrame audio)
    {
        _rate = audio.SampleRate;
        long start = _position;
        _position += audio.SampleCount;
        if (!_collecting)
        {
            _preRoll.Enqueue((audio, start));
            long keepFrom = _position - ToSamples(_preRollLength);
            while (_preRoll.TryPeek(out var oldest) && oldest.Start + oldest.Frame.SampleCount <= keepFrom)
            {
                _preRoll.Dequeue().Frame.Release();
            }

            return;
        }

        if (start + audio.SampleCount <= _from || _utteranceSamples >= ToSamples(_maxUtterance))
        {
            audio.Release();
        }
        else
        {
            _utterance.Enqueue((audio, start));
            _utteranceSamples += audio.SampleCount;
        }

        PlayBackIfHeard();
    }

    private void StartUtterance(long from)
    {
        // A new turn replaces anything still collected; the pre-roll from `from` on becomes its start.
        ReleaseAll(_utterance);
        _utteranceSamples = 0;
        _from = from;
        _stopAt = null;
        _collecting = true;
        while (_preRoll.TryDequeue(out var entry))
        {
            if (entry.Start + entry.Frame.SampleCount <= from)
            {
                entry.Frame.Release();
            }
            else
            {
                _utterance.Enqueue(entry);
                _utteranceSamples += entry.Frame.SampleCount;
            }
        }
    }

    private void PlayBackIfHeard()
    {
        if (_stopAt is not { } stopAt || _position < stopAt)
        {
            return;
        }

        _collecting = false;
        _stopAt = null;
        StartTtfbMeasurement();
        while (_utterance.TryDequeue(out var entry))
        {
            if (entry.Start < stopAt)
            {
                PushFrame(entry.Frame);
            }
            else
            {
                entry.Frame.Release();
            }
        }

        _utteranceSamples = 0;
    }

    private long ToSamples(TimeSpan time) => time.Ticks * _rate / TimeSpan.TicksPerSecond;

    private static void ReleaseAll(Queue<(AudioFrame Frame, long Start)> frames)
    {
        while (frames.TryDequeue(out var entry))
        {
            entry.Frame.Release();
        }
    }
}
