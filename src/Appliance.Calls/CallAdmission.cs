namespace Appliance.Calls;

/// <summary>Why a new call was refused.</summary>
public enum AdmissionRefusal
{
    None,
    AtCapacity,
    Draining,
}

/// <summary>
/// Counts live calls against the configured maximum and refuses new ones while draining.
/// Lock-free: INVITE bursts from load tests hit it from many threads at once.
/// </summary>
public sealed class CallAdmission(int maxConcurrentCalls)
{
    private int _active;
    private volatile bool _draining;
    private TaskCompletionSource? _idle;
    private readonly Lock _idleLock = new();

    public int Active => Volatile.Read(ref _active);
    public int MaxConcurrentCalls { get; } = maxConcurrentCalls;
    public bool IsDraining => _draining;

    /// <summary>Takes a slot for a new call, or says why not. Every success must be paired with <see cref="Release"/>.</summary>
    public AdmissionRefusal TryAdmit()
    {
        if (_draining)
        {
            return AdmissionRefusal.Draining;
        }
        while (true)
        {
            var current = Volatile.Read(ref _active);
            if (current >= MaxConcurrentCalls)
            {
                return AdmissionRefusal.AtCapacity;
            }
            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current)
            {
                return AdmissionRefusal.None;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _active) == 0)
        {
            lock (_idleLock)
            {
                _idle?.TrySetResult();
            }
        }
    }

    public void BeginDrain() => _draining = true;

    /// <summary>Completes once no call holds a slot.</summary>
    public Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleLock)
        {
            if (Active == 0)
            {
                return Task.CompletedTask;
            }
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }
}
