using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.Tests.Transaction;

public sealed class SipTransactionKeyTests
{
    private static SipTransactionKey Key(string branch, string sentBy, SipMethod method) =>
        new(new SipTransactionKeyView(System.Text.Encoding.ASCII.GetBytes(branch), System.Text.Encoding.ASCII.GetBytes(sentBy), method));

    [Fact]
    public void Equal_when_branch_sent_by_and_method_match()
    {
        SipTransactionKey a = Key("z9hG4bK1", "10.0.0.1:5060", SipMethod.Invite);

        Assert.Equal(a, Key("z9hG4bK1", "10.0.0.1:5060", SipMethod.Invite));
        Assert.Equal(a.GetHashCode(), Key("z9hG4bK1", "10.0.0.1:5060", SipMethod.Invite).GetHashCode());
        Assert.NotEqual(a, Key("z9hG4bK1", "10.0.0.1:5060", SipMethod.Cancel));
        Assert.NotEqual(a, Key("z9hG4bK2", "10.0.0.1:5060", SipMethod.Invite));
        Assert.NotEqual(a, Key("z9hG4bK1", "10.0.0.2:5060", SipMethod.Invite));

        // The branch/sent-by boundary is part of the identity.
        Assert.NotEqual(Key("z9hG4bKa", "b", SipMethod.Invite), Key("z9hG4bK", "ab", SipMethod.Invite));
        Assert.Equal("z9hG4bK1 10.0.0.1:5060 Invite", a.ToString());
    }

    [Fact]
    public void Alternate_lookup_by_view_finds_the_key_without_allocating()
    {
        var table = new Dictionary<SipTransactionKey, int>(SipTransactionKeyComparer.Instance)
        {
            [Key("z9hG4bKabc", "host.example:5060", SipMethod.Invite)] = 1,
            [Key("z9hG4bKabc", "host.example:5060", SipMethod.Cancel)] = 2,
        };
        Dictionary<SipTransactionKey, int>.AlternateLookup<SipTransactionKeyView> lookup =
            table.GetAlternateLookup<SipTransactionKeyView>();
        byte[] branch = "z9hG4bKabc"u8.ToArray();
        byte[] sentBy = "host.example:5060"u8.ToArray();

        int Probe(SipMethod method) => lookup.TryGetValue(new SipTransactionKeyView(branch, sentBy, method), out int value) ? value : 0;

        Probe(SipMethod.Invite);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int invite = Probe(SipMethod.Invite);
        int cancel = Probe(SipMethod.Cancel);
        int bye = Probe(SipMethod.Bye);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((1, 2, 0), (invite, cancel, bye));
        Assert.Equal(0, allocated);
    }
}
