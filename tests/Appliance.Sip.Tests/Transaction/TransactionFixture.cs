using Appliance.Sip.Transaction;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Transaction;

/// <summary>A virtual clock, one timer queue and a recording host: the world a state machine test runs in.</summary>
internal sealed class TransactionFixture : IDisposable
{
    public TransactionFixture()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Timers = new SipTimerQueue(Clock);
        Host = new RecordingHost(Clock);
    }

    public FakeTimeProvider Clock { get; }

    public SipTimerQueue Timers { get; }

    public RecordingHost Host { get; }

    public SipTimerSettings Settings { get; } = SipTimerSettings.Default;

    /// <summary>Advances virtual time in 10 ms steps so each timer fires at its exact due time.</summary>
    public void Run(TimeSpan duration)
    {
        TimeSpan step = TimeSpan.FromMilliseconds(10);
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Clock.Advance(step);
        }
    }

    public void RunSeconds(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    public SipClientInviteTransaction ClientInvite(bool reliable = false, TestBuffer? request = null) =>
        new(Host, Timers, Settings, reliable, request ?? new TestBuffer("INVITE"));

    public SipClientNonInviteTransaction ClientNonInvite(bool reliable = false, TestBuffer? request = null) =>
        new(Host, Timers, Settings, reliable, request ?? new TestBuffer("OPTIONS"));

    public SipServerInviteTransaction ServerInvite(bool reliable = false) => new(Host, Timers, Settings, reliable);

    public SipServerNonInviteTransaction ServerNonInvite(bool reliable = false) => new(Host, Timers, Settings, reliable);

    public void Dispose() => Timers.Dispose();
}
