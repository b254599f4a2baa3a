namespace Appliance.Sip.Tests.Transaction.Loopback;

/// <summary>One packet on the loopback network, as logged.</summary>
internal sealed record LoopbackPacket(TimeSpan At, string From, string To, string Text, bool Dropped = false)
{
    public string StartLine => Text[..Text.IndexOf('\r', StringComparison.Ordinal)];
}
