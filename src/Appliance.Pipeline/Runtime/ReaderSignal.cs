using System.Threading.Tasks.Sources;

namespace Appliance.Pipeline.Runtime;

/// <summary>
/// The wake-up of a queue with one reader, reusable so a steady stream allocates nothing. The owning queue calls
/// <see cref="Arm"/> and <see cref="Disarm"/> under its own lock, and <see cref="Wake"/> after leaving it.
/// </summary>
/// <remarks>
/// A wake with no armed reader needs no memory: the reader evaluates every condition under the queue's lock before
/// arming, and every waker changes that state before taking the lock.
/// </remarks>
public sealed class ReaderSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private bool _armed;

    public ReaderSignal() => _core.RunContinuationsAsynchronously = true;

    /// <summary>Under the queue's lock: the reader found nothing and will wait.</summary>
    public void Arm()
    {
        _core.Reset();
        _armed = true;
    }

    /// <summary>Under the queue's lock: true when a reader is armed and must be woken (by <see cref="Wake"/>, outside the lock).</summary>
    public bool Disarm()
    {
        bool armed = _armed;
        _armed = false;
        return armed;
    }

    /// <summary>Outside the queue's lock, with what <see cref="Disarm"/> returned.</summary>
    public void Wake(bool armed)
    {
        if (armed)
        {
            _core.SetResult(true);
        }
    }

    /// <summary>Completes at the next wake after <see cref="Arm"/>.</summary>
    public ValueTask WaitAsync() => new(this, _core.Version);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
