using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipClientNonInviteTransactionTests
{
    [Fact]
    public void Udp_timer_e_doubles_to_t2_and_timer_f_times_out()
    {
        using var f = new TransactionFixture();
        var request = new TestBuffer("OPTIONS");
        SipClientNonInviteTransaction tx = f.ClientNonInvite(request: request);

        tx.Start();
        f.RunSeconds(64);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], f.Host.SendTimes("OPTIONS"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
        Assert.True(request.IsDisposed);
    }

    [Fact]
    public void Provisional_switches_timer_e_to_t2_from_its_next_expiry()
    {
        using var f = new TransactionFixture();
        SipClientNonInviteTransaction tx = f.ClientNonInvite();
        tx.Start();
        f.RunSeconds(0.6);

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(100));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        f.RunSeconds(64);

        // Timer E armed for 1.5 s still fires; from then on it is T2 (4 s). Timer F still bounds the transaction.
        Assert.Equal([0, 0.5, 1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 25.5, 29.5], f.Host.SendTimes("OPTIONS"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
    }

    [Fact]
    public void Final_stops_retransmissions_and_timer_k_absorbs_retransmitted_finals()
    {
        using var f = new TransactionFixture();
        var request = new TestBuffer("BYE");
        SipClientNonInviteTransaction tx = f.ClientNonInvite(request: request);
        tx.Start();
        f.RunSeconds(1);

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(200));
        Assert.True(request.IsDisposed);
        f.RunSeconds(4.9);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(200));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        f.RunSeconds(0.1);

        Assert.Equal([0, 0.5], f.Host.SendTimes("BYE"));
        Assert.Equal([(TimeSpan.FromSeconds(6), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Reliable_transport_never_retransmits_and_terminates_on_the_final()
    {
        using var f = new TransactionFixture();
        SipClientNonInviteTransaction tx = f.ClientNonInvite(reliable: true);
        tx.Start();
        f.RunSeconds(10);

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(180));
        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(404));

        Assert.Equal([0.0], f.Host.SendTimes("OPTIONS"));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal([(TimeSpan.FromSeconds(10), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Reliable_transport_times_out_on_timer_f()
    {
        using var f = new TransactionFixture();
        SipClientNonInviteTransaction tx = f.ClientNonInvite(reliable: true);
        tx.Start();
        f.RunSeconds(40);

        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
    }

    [Fact]
    public void Transport_error_is_reported_once()
    {
        using var f = new TransactionFixture();
        SipClientNonInviteTransaction tx = f.ClientNonInvite();
        f.Host.FailPrefix = "OPTIONS";

        tx.Start();
        f.RunSeconds(40);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(200));

        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.TransportError)], f.Host.Terminations);
    }
}
