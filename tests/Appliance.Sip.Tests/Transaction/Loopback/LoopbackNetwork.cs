using System.Net;
using System.Text;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.Transaction.Loopback;

/// <summary>
/// An in-memory network between <see cref="LoopbackNode"/>s on a virtual clock. Packets can be dropped (by predicate)
/// or delayed; every packet is logged with its virtual send time. Delivery happens while <see cref="Run"/> advances time.
/// </summary>
internal sealed class LoopbackNetwork : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly DateTimeOffset _start;
    private readonly List<(TimeSpan Due, LoopbackNode To, SipEndPoint From, byte[] Bytes)> _inFlight = [];
    private readonly List<LoopbackNode> _nodes = [];

    public LoopbackNetwork()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _start = Clock.GetUtcNow();
        Timers = new SipTimerQueue(Clock);
    }

    public FakeTimeProvider Clock { get; }

    public SipTimerQueue Timers { get; }

    public TimeSpan Now => Clock.GetUtcNow() - _start;

    public List<LoopbackPacket> Log { get; } = [];

    /// <summary>Drops packets for which this returns true (they are still logged, marked dropped).</summary>
    public Func<LoopbackPacket, bool>? Drop { get; set; }

    /// <summary>One-way delay; delivery is on the next 10 ms step at the earliest.</summary>
    public TimeSpan Delay { get; set; }

    public LoopbackNode AddNode(string name, string address, SipTransportKind kind = SipTransportKind.Udp, SipTransactionMetrics? metrics = null)
    {
        var node = new LoopbackNode(this, name, new IPEndPoint(IPAddress.Parse(address), 5060), kind, metrics);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Advances virtual time in 10 ms steps, delivering packets as they fall due.</summary>
    public void Run(TimeSpan duration)
    {
        // Packets the test sent since the last run leave at once; later ones right after the timer that sent them.
        Deliver();
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            Clock.Advance(Step);
            Deliver();
        }
    }

    public void RunSeconds(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    /// <summary>Packets sent by <paramref name="from"/> whose first line starts with <paramref name="startLine"/>.</summary>
    public List<LoopbackPacket> Sent(LoopbackNode from, string startLine) =>
        Log.Where(p => p.From == from.Name && p.Text.StartsWith(startLine, StringComparison.Ordinal)).ToList();

    public double[] SendTimes(LoopbackNode from, string startLine) => Sent(from, startLine).Select(p => p.At.TotalSeconds).ToArray();

    internal void Enqueue(LoopbackNode from, SipEndPoint to, ReadOnlySpan<byte> bytes)
    {
        LoopbackNode target = _nodes.Single(n => n.LocalEndPoint == to);
        var packet = new LoopbackPacket(Now, from.Name, target.Name, Encoding.ASCII.GetString(bytes));
        bool dropped = Drop?.Invoke(packet) ?? false;
        Log.Add(packet with { Dropped = dropped });
        if (!dropped)
        {
            _inFlight.Add((Now + Delay, target, from.LocalEndPoint, bytes.ToArray()));
        }
    }

    private void Deliver()
    {
        while (true)
        {
            int index = _inFlight.FindIndex(p => p.Due <= Now);
            if (index < 0)
            {
                return;
            }

            (TimeSpan _, LoopbackNode to, SipEndPoint from, byte[] bytes) = _inFlight[index];
            _inFlight.RemoveAt(index);
            to.Receive(bytes, from);
        }
    }

    public void Dispose() => Timers.Dispose();
}
