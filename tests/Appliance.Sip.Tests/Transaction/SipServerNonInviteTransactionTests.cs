using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipServerNonInviteTransactionTests
{
    [Fact]
    public void Trying_absorbs_retransmissions_silently()
    {
        using var f = new TransactionFixture();
        SipServerNonInviteTransaction tx = f.ServerNonInvite();

        Assert.Equal(SipTransactionDisposition.Absorbed, tx.ReceiveRequest());
        Assert.Empty(f.Host.Sent);
        Assert.Equal(SipTransactionState.Trying, tx.State);
    }

    [Fact]
    public void Retransmissions_get_the_last_response_and_timer_j_ends_the_transaction()
    {
        using var f = new TransactionFixture();
        SipServerNonInviteTransaction tx = f.ServerNonInvite();
        var provisional = new TestBuffer("100");
        var final = new TestBuffer("200");

        Assert.True(tx.SendResponse(100, provisional));
        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        f.RunSeconds(0.5);
        tx.ReceiveRequest();
        f.RunSeconds(0.5);
        Assert.True(tx.SendResponse(200, final));
        Assert.True(provisional.IsDisposed);
        f.RunSeconds(10);
        tx.ReceiveRequest();
        f.RunSeconds(22);

        Assert.Equal([0, 0.5], f.Host.SendTimes("100"));
        Assert.Equal([1.0, 11.0], f.Host.SendTimes("200"));
        Assert.Equal([(TimeSpan.FromSeconds(33), SipTransactionTermination.Normal)], f.Host.Terminations);
        Assert.True(final.IsDisposed);
    }

    [Fact]
    public void Only_one_final_response_is_sent()
    {
        using var f = new TransactionFixture();
        SipServerNonInviteTransaction tx = f.ServerNonInvite();
        var second = new TestBuffer("500");

        Assert.True(tx.SendResponse(200, new TestBuffer("200")));
        Assert.False(tx.SendResponse(500, second));
        Assert.False(tx.SendResponse(100, new TestBuffer("100")));
        Assert.False(tx.SendResponse(42, new TestBuffer("42")));

        Assert.True(second.IsDisposed);
        Assert.Single(f.Host.Sent);
    }

    [Fact]
    public void Reliable_transport_terminates_on_the_final()
    {
        using var f = new TransactionFixture();
        SipServerNonInviteTransaction tx = f.ServerNonInvite(reliable: true);

        tx.SendResponse(200, new TestBuffer("200"));

        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.Normal)], f.Host.Terminations);
    }

    [Fact]
    public void Transport_error_terminates()
    {
        using var f = new TransactionFixture();
        SipServerNonInviteTransaction tx = f.ServerNonInvite();
        f.Host.FailPrefix = "200";

        tx.SendResponse(200, new TestBuffer("200"));
        f.RunSeconds(40);

        Assert.Equal([(TimeSpan.Zero, SipTransactionTermination.TransportError)], f.Host.Terminations);
    }
}
