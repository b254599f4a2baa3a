using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipTimerSettingsTests
{
    [Fact]
    public void Defaults_follow_rfc3261_table_4()
    {
        SipTimerSettings s = SipTimerSettings.Default;

        Assert.Equal(TimeSpan.FromMilliseconds(500), s.T1);
        Assert.Equal(TimeSpan.FromSeconds(4), s.T2);
        Assert.Equal(TimeSpan.FromSeconds(5), s.T4);
        Assert.Equal(TimeSpan.FromMilliseconds(200), s.TryingDelay);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerB);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerF);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerH);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerL);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerM);
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerD(reliable: false));
        Assert.Equal(TimeSpan.FromSeconds(5), s.TimerI(reliable: false));
        Assert.Equal(TimeSpan.FromSeconds(32), s.TimerJ(reliable: false));
        Assert.Equal(TimeSpan.FromSeconds(5), s.TimerK(reliable: false));
    }

    [Fact]
    public void Reliable_transports_zero_the_absorb_timers()
    {
        SipTimerSettings s = SipTimerSettings.Default;

        Assert.Equal(TimeSpan.Zero, s.TimerD(reliable: true));
        Assert.Equal(TimeSpan.Zero, s.TimerI(reliable: true));
        Assert.Equal(TimeSpan.Zero, s.TimerJ(reliable: true));
        Assert.Equal(TimeSpan.Zero, s.TimerK(reliable: true));
    }

    [Fact]
    public void Derived_timers_follow_a_custom_t1_and_timer_d_stays_above_32_seconds()
    {
        var fast = new SipTimerSettings(t1: TimeSpan.FromMilliseconds(100), t2: TimeSpan.FromSeconds(1));
        var slow = new SipTimerSettings(t1: TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(6400), fast.TimerB);
        Assert.Equal(TimeSpan.FromSeconds(32), fast.TimerD(reliable: false));
        Assert.Equal(TimeSpan.FromSeconds(64), slow.TimerD(reliable: false));
        Assert.Equal(TimeSpan.FromSeconds(64), slow.TimerJ(reliable: false));
    }

    [Fact]
    public void Rejects_inconsistent_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTimerSettings(t1: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTimerSettings(t1: TimeSpan.FromSeconds(5), t2: TimeSpan.FromSeconds(4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTimerSettings(t4: TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTimerSettings(tryingDelay: TimeSpan.Zero));
    }

    [Fact]
    public void Timer_a_doubles_without_cap()
    {
        SipRetransmitBackoff a = SipTimerSettings.Default.CreateTimerABackoff();

        Assert.Equal(0.5, a.Current.TotalSeconds);
        Assert.Equal([1.0, 2, 4, 8, 16, 32], Enumerable.Range(0, 6).Select(_ => a.Advance().TotalSeconds));
    }

    [Fact]
    public void Timers_e_and_g_and_the_2xx_schedule_cap_at_t2()
    {
        SipRetransmitBackoff e = SipTimerSettings.Default.CreateCappedBackoff();
        SipRetransmitBackoff ok = SipTimerSettings.Default.Create2xxRetransmitBackoff();

        Assert.Equal([1.0, 2, 4, 4, 4], Enumerable.Range(0, 5).Select(_ => e.Advance().TotalSeconds));
        Assert.Equal([1.0, 2, 4, 4], Enumerable.Range(0, 4).Select(_ => ok.Advance().TotalSeconds));
        ok.Saturate();
        Assert.Equal(4.0, ok.Current.TotalSeconds);
    }

    [Fact]
    public void Uncapped_backoff_saturates_instead_of_overflowing()
    {
        var backoff = new SipRetransmitBackoff(TimeSpan.FromDays(1), TimeSpan.MaxValue);
        for (int i = 0; i < 80; i++)
        {
            backoff.Advance();
        }

        Assert.Equal(TimeSpan.MaxValue, backoff.Current);
    }
}
