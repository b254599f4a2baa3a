namespace Appliance.Sip.Registration;

/// <summary>
/// A delay on a <see cref="TimeProvider"/> whose continuation runs inline on the timer callback.
/// Unlike Task.Delay, advancing a fake clock in a test then runs the awaiting code to its next
/// wait before Advance returns, so time-driven protocols test deterministically.
/// </summary>
internal static class ClockDelay
{
    public static Task WaitAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var wait = new PendingWait();
        wait.Cancellation = cancellationToken.Register(static state => ((PendingWait)state!).Finish(canceled: true), wait);
        wait.Timer = time.CreateTimer(static state => ((PendingWait)state!).Finish(canceled: false), wait, delay, Timeout.InfiniteTimeSpan);
        return wait.Completion.Task;
    }

    private sealed class PendingWait
    {
        // Continuations deliberately run synchronously: that is the point of this type.
        public TaskCompletionSource Completion { get; } = new();
        public ITimer? Timer { get; set; }
        public CancellationTokenRegistration Cancellation { get; set; }

        public void Finish(bool canceled)
        {
            Timer?.Dispose();
            Cancellation.Dispose();
            if (canceled)
            {
                Completion.TrySetCanceled();
            }
            else
            {
                Completion.TrySetResult();
            }
        }
    }
}
