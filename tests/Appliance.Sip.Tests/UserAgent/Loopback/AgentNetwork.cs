using System.Text;
using Appliance.Sip.Transaction;
using Appliance.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Sip.Tests.UserAgent.Loopback;

/// <summary>
/// In-memory UDP between <see cref="AgentNode"/>s (each a user agent on a real transaction layer) on a virtual clock.
/// Packets are logged with their send time and can be dropped by predicate; delivery happens while <see cref="Run"/> runs.
/// </summary>
internal sealed class AgentNetwork : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly DateTimeOffset _start;
    private readonly List<(AgentNode To, SipEndPoint From, byte[] Bytes)> _inFlight = [];
    private readonly List<AgentNode> _nodes = [];

    public AgentNetwork()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _start = Clock.GetUtcNow();
        Timers = new SipTimerQueue(Clock);
    }

    public FakeTimeProvider Clock { get; }

    public SipTimerQueue Timers { get; }

    public TimeSpan Now => Clock.GetUtcNow() - _start;

    public List<(TimeSpan At, string From, string Text, bool Dropped)> Log { get; } = [];

    public Func<string, bool>? Drop { get; set; }

    public AgentNode AddNode(string name, string address)
    {
        var node = new AgentNode(this, name, address);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Delivers what is in flight, then advances time in 10 ms steps delivering as it goes.</summary>
    public void Run(TimeSpan duration)
    {
        Deliver();
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            Clock.Advance(Step);
            Deliver();
        }
    }

    /// <summary>Send times (s) of packets from <paramref name="from"/> starting with <paramref name="startLine"/>.</summary>
    public double[] SendTimes(AgentNode from, string startLine, string contains = "") =>
        Log.Where(p => p.From == from.Name && p.Text.StartsWith(startLine, StringComparison.Ordinal) && p.Text.Contains(contains, StringComparison.Ordinal))
            .Select(p => p.At.TotalSeconds).ToArray();

    internal void Enqueue(AgentNode from, SipEndPoint to, ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.ASCII.GetString(bytes);
        bool dropped = Drop?.Invoke(text) ?? false;
        Log.Add((Now, from.Name, text, dropped));
        if (!dropped)
        {
            _inFlight.Add((_nodes.Single(n => n.LocalEndPoint == to), from.LocalEndPoint, bytes.ToArray()));
        }
    }

    private void Deliver()
    {
        while (_inFlight.Count > 0)
        {
            (AgentNode to, SipEndPoint from, byte[] bytes) = _inFlight[0];
            _inFlight.RemoveAt(0);
            to.Receive(bytes, from);
        }
    }

    public void Dispose() => Timers.Dispose();
}
