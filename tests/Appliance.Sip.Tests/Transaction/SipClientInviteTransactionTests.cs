using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipClientInviteTransactionTests
{
    [Fact]
    public void Udp_retransmits_on_timer_a_and_times_out_on_timer_b()
    {
        using var f = new TransactionFixture();
        var request = new TestBuffer("INVITE");
        SipClientInviteTransaction tx = f.ClientInvite(request: request);

        tx.Start();
        f.RunSeconds(64);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], f.Host.SendTimes("INVITE"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.True(request.IsDisposed);
        Assert.Equal(0, f.Timers.Count);
    }

    [Fact]
    public void Reliable_transport_sends_once_and_still_times_out()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite(reliable: true);

        tx.Start();
        tx.Start();
        f.RunSeconds(40);

        Assert.Equal([0.0], f.Host.SendTimes("INVITE"));
        Assert.Equal([(TimeSpan.FromSeconds(32), SipTransactionTermination.Timeout)], f.Host.Terminations);
    }

    [Fact]
    public void Provisional_stops_retransmissions_and_timer_b()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();
        f.RunSeconds(1);

        Assert.False(tx.CanCancel);
        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(180, ref ack));
        Assert.True(tx.CanCancel);
        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(183, ref ack));
        f.RunSeconds(120);

        Assert.Equal([0, 0.5], f.Host.SendTimes("INVITE"));
        Assert.Empty(f.Host.Terminations);
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void Non_2xx_final_is_acked_and_retransmitted_finals_are_absorbed_until_timer_d()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();
        tx.ReceiveResponse(100, ref ack);
        f.RunSeconds(2);

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(486, ref ack));
        Assert.Equal(SipTransactionState.Completed, tx.State);
        Assert.False(tx.CanCancel);
        f.RunSeconds(1);
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(486, ref ack));
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(180, ref ack));
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(200, ref ack));
        f.RunSeconds(40);

        Assert.Equal(1, ack.Created);
        Assert.Equal([2.0, 3.0], f.Host.SendTimes("ACK"));
        Assert.Equal([(TimeSpan.FromSeconds(34), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Final_in_calling_state_stops_timer_a()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();
        f.RunSeconds(1);

        tx.ReceiveResponse(503, ref ack);
        f.RunSeconds(10);

        Assert.Equal([0, 0.5], f.Host.SendTimes("INVITE"));
        Assert.Equal([1.0], f.Host.SendTimes("ACK"));
    }

    [Fact]
    public void Reliable_transport_terminates_right_after_the_ack()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite(reliable: true);
        var ack = new TestAck();
        tx.Start();

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(404, ref ack));

        Assert.Equal([0.0], f.Host.SendTimes("ACK"));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Success_enters_accepted_and_passes_2xx_retransmissions_until_timer_m()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();
        f.RunSeconds(1);

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(200, ref ack));
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(200, ref ack));
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(486, ref ack));
        f.RunSeconds(40);

        Assert.Equal(0, ack.Created);
        Assert.Equal([0, 0.5], f.Host.SendTimes("INVITE"));
        Assert.Equal([(TimeSpan.FromSeconds(33), SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Invalid_status_codes_are_absorbed()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();

        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(99, ref ack));
        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveResponse(700, ref ack));
        Assert.Equal(SipTransactionState.Calling, tx.State);
    }

    [Fact]
    public void Transport_error_on_first_send_terminates()
    {
        using var f = new TransactionFixture();
        f.Host.FailPrefix = "INVITE";
        var request = new TestBuffer("INVITE");
        SipClientInviteTransaction tx = f.ClientInvite(request: request);

        tx.Start();
        f.RunSeconds(64);

        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.TransportError)], f.Host.Terminations);
        Assert.True(request.IsDisposed);
        Assert.Equal(0, f.Timers.Count);
    }

    [Fact]
    public void Transport_error_on_retransmission_terminates()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        tx.Start();
        f.RunSeconds(1);

        f.Host.FailPrefix = "INVITE";
        f.RunSeconds(64);

        Assert.Equal([0, 0.5], f.Host.SendTimes("INVITE"));
        Assert.Equal([(TimeSpan.FromSeconds(1.5), SipTransactionTermination.TransportError)], f.Host.Terminations);
    }

    [Fact]
    public void Transport_error_on_ack_terminates_but_the_final_still_reaches_the_tu()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction tx = f.ClientInvite();
        var ack = new TestAck();
        tx.Start();
        f.Host.FailPrefix = "ACK";

        Assert.Equal(SipTransactionDisposition.PassToUser, tx.ReceiveResponse(480, ref ack));
        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.TransportError)], f.Host.Terminations);
    }

    [Fact]
    public void Cancel_race_487_after_cancel_is_acked_while_the_cancel_transaction_completes_separately()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction invite = f.ClientInvite();
        var ack = new TestAck();
        invite.Start();
        invite.ReceiveResponse(180, ref ack);
        f.RunSeconds(1);

        Assert.True(invite.CanCancel);
        SipClientNonInviteTransaction cancel = f.ClientNonInvite(request: new TestBuffer("CANCEL"));
        cancel.Start();
        f.RunSeconds(0.2);
        Assert.Equal(SipTransactionDisposition.PassToUser, invite.ReceiveResponse(487, ref ack));
        Assert.Equal(SipTransactionDisposition.PassToUser, cancel.ReceiveResponse(200));
        f.RunSeconds(40);

        Assert.Equal([0.0], f.Host.SendTimes("INVITE"));
        Assert.Equal([1.0], f.Host.SendTimes("CANCEL"));
        Assert.Equal([1.2], f.Host.SendTimes("ACK"));
        Assert.All(f.Host.Terminations, t => Assert.Equal(SipTransactionTermination.Normal, t.Reason));
    }

    [Fact]
    public void Cancel_race_200_ok_while_cancel_is_pending_wins()
    {
        using var f = new TransactionFixture();
        SipClientInviteTransaction invite = f.ClientInvite();
        var ack = new TestAck();
        invite.Start();
        invite.ReceiveResponse(180, ref ack);
        SipClientNonInviteTransaction cancel = f.ClientNonInvite(request: new TestBuffer("CANCEL"));
        cancel.Start();

        Assert.Equal(SipTransactionDisposition.PassToUser, invite.ReceiveResponse(200, ref ack));
        Assert.False(invite.CanCancel);
        Assert.Equal(SipTransactionDisposition.PassToUser, cancel.ReceiveResponse(200));

        Assert.Equal(SipTransactionState.Accepted, invite.State);
        Assert.Equal(0, ack.Created);
    }
}
