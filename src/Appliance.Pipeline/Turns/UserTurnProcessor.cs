using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Turns;

/// <summary>
/// Turn-taking: runs the VAD over caller audio, emits <see cref="UserStartedSpeakingFrame"/> and
/// <see cref="UserStoppedSpeakingFrame"/>, and interrupts the bot when the user talks over it long enough.
/// </summary>
/// <remarks>
/// Time is the inbound stream's sample clock, so decisions follow the audio, not the wall. The bot's speaking state
/// comes from the bot started/stopped frames the output transport sends upstream through this processor.
/// </remarks>
public sealed class UserTurnProcessor : FrameProcessor
{
    private readonly IVoiceActivityDetector _detector;
    private readonly ITurnCompletionModel? _completion;
    private readonly TurnTakingOptions _options;
    private short[] _window = [];
    private int _windowStart;
    private int _windowCount;
    private long _streamSamples;
    private bool _turnOpen;
    private bool _speaking;
    private bool _botSpeaking;
    private bool _interrupted;
    private TimeSpan _speechStartedAt;
    private TimeSpan? _unfinishedPauseAt;

    /// <summary>Creates the processor.</summary>
    /// <param name="detector">This call's voice activity detector.</param>
    /// <param name="completion">Optional end-of-turn model consulted on each pause.</param>
    /// <param name="options">Timing settings.</param>
    public UserTurnProcessor(IVoiceActivityDetector detector, ITurnCompletionModel? completion = null, TurnTakingOptions? options = null)
        : base("turns")
    {
        _detector = detector;
        _completion = completion;
        _options = options ?? new TurnTakingOptions();
    }

    /// <inheritdoc/>
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        switch (frame)
        {
            case AudioFrame audio when direction == FrameDirection.Downstream:
                OnAudio(audio);
                break;
            case BotStartedSpeakingFrame:
                _botSpeaking = true;
                break;
            case BotStoppedSpeakingFrame:
                _botSpeaking = false;
                break;
        }

        PushFrame(frame, direction);
    }

    private void OnAudio(AudioFrame audio)
    {
        int rate = audio.SampleRate;
        TimeSpan start = ToTime(_streamSamples, rate);
        _streamSamples += audio.SampleCount;
        TimeSpan end = ToTime(_streamSamples, rate);
        VoiceActivityEvent activity = _detector.Analyze(audio.Samples, rate, start);
        if (activity.Kind == VoiceActivityKind.SpeechStarted)
        {
            OnSpeechStarted(activity.At);
        }

        // After a start (which empties the window) so the turn's first chunk is kept; before a stop, so the model hears the pause.
        if (_completion is not null)
        {
            Remember(audio.Samples, rate);
        }

        if (activity.Kind == VoiceActivityKind.SpeechStopped)
        {
            OnSpeechStopped(activity.At, rate);
        }

        if (_speaking && _botSpeaking && !_interrupted && end - _speechStartedAt >= _options.MinInterruptionDuration)
        {
            _interrupted = true;
            Metrics?.Interruptions.Add(1);
            PushFrame(InterruptionFrame.Instance);
        }

        if (_unfinishedPauseAt is { } pause && end - pause >= _options.IncompleteTurnTimeout)
        {
            EndTurn(pause);
        }
    }

    private void OnSpeechStarted(TimeSpan at)
    {
        _speaking = true;
        _interrupted = false;
        _speechStartedAt = at;
        _unfinishedPauseAt = null;
        if (!_turnOpen)
        {
            _turnOpen = true;
            _windowCount = 0;
            PushFrame(new UserStartedSpeakingFrame(at));
        }
    }

    private void OnSpeechStopped(TimeSpan at, int rate)
    {
        _speaking = false;
        if (!_turnOpen)
        {
            return;
        }

        if (_completion is null || _completion.IsTurnComplete(WindowSpan(), rate))
        {
            EndTurn(at);
        }
        else
        {
            _unfinishedPauseAt = at;
        }
    }

    private void EndTurn(TimeSpan at)
    {
        _turnOpen = false;
        _unfinishedPauseAt = null;
        Metrics?.Turns.Add(1);
        PushFrame(new UserStoppedSpeakingFrame(at));
    }

    // The completion model gets one contiguous span, oldest first. The buffer is twice the window so the
    // slide back to the front happens once per window of audio, not once per frame.
    private void Remember(ReadOnlySpan<short> samples, int rate)
    {
        int capacity = (int)(rate * _options.CompletionWindow.TotalSeconds);
        if (_window.Length != 2 * capacity)
        {
            _window = new short[2 * capacity];
            _windowStart = 0;
            _windowCount = 0;
        }

        if (samples.Length > capacity)
        {
            samples = samples[^capacity..];
        }

        if (_windowStart + _windowCount + samples.Length > _window.Length)
        {
            int keep = Math.Min(_windowCount, capacity - samples.Length);
            _window.AsSpan(_windowStart + _windowCount - keep, keep).CopyTo(_window);
            _windowStart = 0;
            _windowCount = keep;
        }

        samples.CopyTo(_window.AsSpan(_windowStart + _windowCount));
        _windowCount += samples.Length;
        if (_windowCount > capacity)
        {
            _windowStart += _windowCount - capacity;
            _windowCount = capacity;
        }
    }

    private ReadOnlySpan<short> WindowSpan() => _window.AsSpan(_windowStart, _windowCount);

    private static TimeSpan ToTime(long samples, int rate) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / rate);
}
