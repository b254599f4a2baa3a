using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>Tail of a call pipeline: queues bot audio for the pacer, clears it on interruption, and lets a graceful end finish playing.</summary>
public sealed class TransportOutputProcessor : FrameProcessor
{
    private readonly AudioPlayout _playout;
    private readonly int _sampleRate;
    private readonly TimeSpan _drainGrace;
    private long _userStoppedAt;

    internal TransportOutputProcessor(AudioPlayout playout, int sampleRate, TimeSpan drainGrace)
        : base("transport-out")
    {
        _playout = playout;
        _sampleRate = sampleRate;
        _drainGrace = drainGrace;
    }

    /// <inheritdoc/>
    protected override async ValueTask ProcessFrameAsync(Frame frame, FrameDirection direction)
    {
        if (frame is EndFrame && direction == FrameDirection.Downstream)
        {
            // A graceful end lets the goodbye finish playing before the call is torn down, but not forever:
            // if the pacer has stopped pulling, the end goes on after the queued audio's length plus a grace.
            TimeSpan queued = TimeSpan.FromSeconds((double)_playout.QueuedSamples / _sampleRate);
            try
            {
                await _playout.WaitDrainedAsync().WaitAsync(queued + _drainGrace, TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Playout stalled; end anyway.
            }

            PushFrame(frame, direction);
            return;
        }

        ProcessFrame(frame, direction);
    }

    /// <inheritdoc/>
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        if (direction == FrameDirection.Downstream)
        {
            switch (frame)
            {
                case AudioFrame audio:
                    _playout.Enqueue(audio);
                    return;
                case InterruptionFrame:
                    _playout.Clear();
                    break;
                case UserStoppedSpeakingFrame:
                    Interlocked.Exchange(ref _userStoppedAt, TimeProvider.GetTimestamp());
                    break;
            }
        }

        PushFrame(frame, direction);
    }

    /// <inheritdoc/>
    protected internal override ValueTask OnStopAsync()
    {
        _playout.Clear();
        return ValueTask.CompletedTask;
    }

    // Called on the pacer thread after each read.
    internal void OnPlayoutEvent(PlayoutEvent playoutEvent)
    {
        if (playoutEvent == PlayoutEvent.Started)
        {
            long userStoppedAt = Interlocked.Exchange(ref _userStoppedAt, 0);
            if (userStoppedAt != 0)
            {
                Metrics?.ResponseLatency.Record(TimeProvider.GetElapsedTime(userStoppedAt).TotalMilliseconds);
            }

            PushFrame(BotStartedSpeakingFrame.Instance, FrameDirection.Upstream);
        }
        else if (playoutEvent == PlayoutEvent.Stopped)
        {
            PushFrame(BotStoppedSpeakingFrame.Instance, FrameDirection.Upstream);
        }
    }
}
