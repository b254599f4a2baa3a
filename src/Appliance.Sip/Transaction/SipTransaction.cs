using System.Buffers;

namespace Appliance.Sip.Transaction;

/// <summary>
/// Common core of the four §17 state machines. Messages are opaque: a machine sees only status codes and owned,
/// pre-serialized bytes it may have to retransmit, so it works with any message layer.
/// </summary>
/// <remarks>
/// Thread-safety: every public member may be called from any thread (transport receive threads, the timer thread,
/// the TU). Each transaction serializes its inputs with its own lock; <see cref="ISipTransactionHost.OnTerminated"/>
/// is raised after that lock is released.
/// </remarks>
public abstract class SipTransaction : ISipTimerHandler
{
    private volatile SipTransactionState _state;
    private SipTransactionTermination _termination;
    private bool _terminationReported;

    private protected SipTransaction(
        SipTransactionKind kind,
        SipTransactionState initialState,
        ISipTransactionHost host,
        SipTimerQueue timers,
        SipTimerSettings settings,
        bool reliable)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(settings);
        Kind = kind;
        _state = initialState;
        Host = host;
        Settings = settings;
        IsReliable = reliable;
        RetransmitTimer = new SipTimer(timers, this);
        LifetimeTimer = new SipTimer(timers, this);
    }

    /// <summary>Which of the four machines this is.</summary>
    public SipTransactionKind Kind { get; }

    /// <summary>Current state (a snapshot; it may change concurrently).</summary>
    public SipTransactionState State => _state;

    /// <summary>True over a reliable transport (TCP, TLS): no retransmissions and zero-length absorb timers.</summary>
    public bool IsReliable { get; }

    /// <summary>Free slot for the owner (the transaction layer keeps its per-transaction record here).</summary>
    public object? UserToken { get; set; }

    private protected Lock Sync { get; } = new();

    private protected ISipTransactionHost Host { get; }

    private protected SipTimerSettings Settings { get; }

    /// <summary>Timers A, E, G, and the server INVITE's 100 Trying delay.</summary>
    private protected SipTimer RetransmitTimer { get; }

    /// <summary>Timers B, D, F, H, I, J, K, L, M: whichever bounds the current state.</summary>
    private protected SipTimer LifetimeTimer { get; }

    void ISipTimerHandler.OnTimerExpired(SipTimerExpiry expiry)
    {
        lock (Sync)
        {
            if (!expiry.IsCurrent || _state == SipTransactionState.Terminated)
            {
                return;
            }

            OnTimer(expiry.Timer);
        }

        ReportTermination();
    }

    /// <summary>Handles a current (not cancelled) expiry; called under <see cref="Sync"/>.</summary>
    private protected abstract void OnTimer(SipTimer timer);

    /// <summary>Disposes the buffers the machine holds; called under <see cref="Sync"/> on termination.</summary>
    private protected abstract void ReleaseBuffers();

    /// <summary>Moves to <paramref name="state"/>; under <see cref="Sync"/>.</summary>
    private protected void SetState(SipTransactionState state) => _state = state;

    /// <summary>Sends through the host; on failure terminates with TransportError and returns false. Under <see cref="Sync"/>.</summary>
    private protected bool Transmit(IMemoryOwner<byte>? message)
    {
        if (message is null)
        {
            return true;
        }

        if (Host.Send(this, message.Memory))
        {
            return true;
        }

        Terminate(SipTransactionTermination.TransportError);
        return false;
    }

    /// <summary>Arms the lifetime timer, or terminates at once when the duration is zero (reliable transports).</summary>
    private protected void EnterLifetime(TimeSpan duration, SipTransactionTermination reasonAtExpiry)
    {
        if (duration <= TimeSpan.Zero)
        {
            Terminate(reasonAtExpiry);
        }
        else
        {
            LifetimeTimer.Schedule(duration);
        }
    }

    /// <summary>Enters Terminated, stops the timers and frees buffers; reported to the host by <see cref="ReportTermination"/>. Under <see cref="Sync"/>.</summary>
    private protected void Terminate(SipTransactionTermination reason)
    {
        if (_state == SipTransactionState.Terminated)
        {
            return;
        }

        _state = SipTransactionState.Terminated;
        _termination = reason;
        RetransmitTimer.Cancel();
        LifetimeTimer.Cancel();
        ReleaseBuffers();
    }

    /// <summary>Raises <see cref="ISipTransactionHost.OnTerminated"/> once; call after releasing <see cref="Sync"/>.</summary>
    private protected void ReportTermination()
    {
        // The common case (still running) needs no lock: the state only ever moves to Terminated once.
        if (_state != SipTransactionState.Terminated)
        {
            return;
        }

        SipTransactionTermination reason;
        lock (Sync)
        {
            if (_state != SipTransactionState.Terminated || _terminationReported)
            {
                return;
            }

            _terminationReported = true;
            reason = _termination;
        }

        Host.OnTerminated(this, reason);
    }

    /// <summary>Disposes the buffer in <paramref name="slot"/> and stores <paramref name="value"/> in its place.</summary>
    private protected static void Replace(ref IMemoryOwner<byte>? slot, IMemoryOwner<byte>? value)
    {
        if (!ReferenceEquals(slot, value))
        {
            slot?.Dispose();
        }

        slot = value;
    }
}
