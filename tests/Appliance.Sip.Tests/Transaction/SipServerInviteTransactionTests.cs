using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipServerInviteTransactionTests
{
    [Fact]
    public void Sends_100_trying_when_the_tu_is_silent_for_200_ms_and_resends_it_on_retransmission()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();

        f.RunSeconds(0.19);
        Assert.Empty(f.Host.Sent);
        f.RunSeconds(0.01);
        Assert.Equal([0.2], f.Host.SendTimes("100 Trying"));

        f.RunSeconds(0.3);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        Assert.Equal([0.2, 0.5], f.Host.SendTimes("100 Trying"));
        Assert.Equal(1, f.Host.TryingRequests);
    }

    [Fact]
    public void No_100_trying_when_the_tu_answers_in_time()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();
        f.RunSeconds(0.1);

        Assert.True(tx.SendResponse(180, new TestBuffer("180")));
        f.RunSeconds(1);
        tx.ReceiveRequest();

        Assert.Equal(0, f.Host.TryingRequests);
        Assert.Equal([0.1, 1.1], f.Host.SendTimes("180"));
    }

    [Fact]
    public void Retransmitted_invite_before_any_response_sends_nothing()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();

        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        Assert.Empty(f.Host.Sent);
    }

    [Fact]
    public void Udp_non_2xx_final_retransmits_on_timer_g_and_times_out_on_timer_h()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        var final = new TestBuffer("486");
        tx.Start();

        Assert.True(tx.SendResponse(486, final));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        f.RunSeconds(64);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], f.Host.SendTimes("486"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
        Assert.True(final.IsDisposed);
        Assert.Equal(0, f.Host.TryingRequests);
    }

    [Fact]
    public void Ack_confirms_stops_timer_g_and_timer_i_absorbs_acks()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        var final = new TestBuffer("404");
        tx.Start();
        tx.SendResponse(404, final);
        f.RunSeconds(2);

        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveAck());
        Assert.Equal(SipTransactionState.Confirmed, tx.State);
        Assert.True(final.IsDisposed);
        f.RunSeconds(4.9);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveAck());
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        f.RunSeconds(0.1);

        Assert.Equal([0, 0.5, 1.5, 2], f.Host.SendTimes("404"));
        Assert.Equal([(TimeSpan.FromSeconds(7), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Reliable_transport_has_no_timer_g_and_terminates_on_ack()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite(reliable: true);
        tx.Start();
        tx.SendResponse(603, new TestBuffer("603"));
        f.RunSeconds(10);

        tx.ReceiveAck();

        Assert.Equal([0.0], f.Host.SendTimes("603"));
        Assert.Equal([(TimeSpan.FromSeconds(10), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Reliable_transport_still_times_out_on_timer_h()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite(reliable: true);
        tx.Start();
        tx.SendResponse(603, new TestBuffer("603"));
        f.RunSeconds(40);

        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
    }

    [Fact]
    public void Success_enters_accepted_absorbs_invites_passes_acks_and_ends_on_timer_l()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        var ok = new TestBuffer("200");
        var okAgain = new TestBuffer("200 again");
        tx.Start();
        tx.SendResponse(180, new TestBuffer("180"));

        Assert.True(tx.SendResponse(200, ok));
        Assert.True(ok.IsDisposed);
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        f.RunSeconds(0.5);
        Assert.True(tx.SendResponse(200, okAgain));
        Assert.True(okAgain.IsDisposed);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveAck());
        f.RunSeconds(40);

        Assert.Equal([0.0], f.Host.SendTimes("180"));
        Assert.Equal([0, 0.5], f.Host.SendTimes("200"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Cancel_race_487_after_a_final_is_rejected()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();
        tx.SendResponse(200, new TestBuffer("200"));
        var late = new TestBuffer("487");

        Assert.False(tx.SendResponse(487, late));
        Assert.True(late.IsDisposed);
        Assert.False(tx.SendResponse(180, new TestBuffer("180")));
        Assert.Equal([0.0], f.Host.SendTimes("200"));
        Assert.Empty(f.Host.SendTimes("487"));
    }

    [Fact]
    public void Cancel_race_487_while_proceeding_completes_the_invite()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();
        f.RunSeconds(1);

        Assert.True(tx.SendResponse(487, new TestBuffer("487")));
        Assert.False(tx.SendResponse(200, new TestBuffer("200")));
        Assert.Equal(SipTransactionState.Completed, tx.State);
    }

    [Fact]
    public void Missing_trying_buffer_is_tolerated()
    {
        using var f = new TransactionFixture();
        f.Host.ProvideTrying = false;
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();
        f.RunSeconds(1);

        Assert.Equal(1, f.Host.TryingRequests);
        Assert.Empty(f.Host.Sent);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void Transport_error_sending_a_response_terminates()
    {
        using var f = new TransactionFixture();
        SipServerInviteTransaction tx = f.ServerInvite();
        tx.Start();
        f.Host.FailPrefix = "500";

        Assert.True(tx.SendResponse(500, new TestBuffer("500")));
        f.RunSeconds(40);

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.TransportError)], f.Host.Terminations);
    }
}
