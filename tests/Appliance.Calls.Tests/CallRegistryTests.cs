using Appliance.Pipeline.Agents;

namespace Appliance.Calls.Tests;

public sealed class CallRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static CallRecord Record(string id, int second) => new(new CallStatus
    {
        Id = id,
        Direction = CallDirection.Inbound,
        From = "a",
        To = "b",
        CreatedAt = T0.AddSeconds(second),
    });

    [Fact]
    public void Ended_calls_stay_findable_up_to_the_history_limit()
    {
        var registry = new CallRegistry(historyLimit: 2);
        var records = new[] { Record("c1", 1), Record("c2", 2), Record("c3", 3) };
        foreach (var record in records)
        {
            registry.Add(record);
        }
        Assert.Equal(3, registry.LiveCount);

        foreach (var record in records)
        {
            registry.Retire(record);
        }

        Assert.Equal(0, registry.LiveCount);
        Assert.Null(registry.Find("c1"));
        Assert.Same(records[1], registry.Find("c2"));
        Assert.Same(records[2], registry.Find("c3"));
    }

    [Fact]
    public void Lists_live_calls_then_ended_ones_each_newest_first()
    {
        var registry = new CallRegistry(historyLimit: 10);
        var old = Record("old", 1);
        var older = Record("older", 0);
        var live1 = Record("live1", 5);
        var live2 = Record("live2", 6);
        foreach (var record in new[] { older, old, live1, live2 })
        {
            registry.Add(record);
        }
        registry.Retire(older);
        registry.Retire(old);

        Assert.Equal(["live2", "live1", "old", "older"], registry.List().Select(s => s.Id));
    }

    [Fact]
    public void A_call_id_seen_again_finds_its_newest_record_until_that_one_is_evicted()
    {
        var registry = new CallRegistry(historyLimit: 2);
        var first = Record("dup", 1);
        var second = Record("dup", 2);
        registry.Add(first);
        registry.Retire(first);
        registry.Add(second);
        registry.Retire(second);
        Assert.Same(second, registry.Find("dup"));

        // Evicting the first attempt must not forget the second.
        var other = Record("other", 3);
        registry.Add(other);
        registry.Retire(other);
        Assert.Same(second, registry.Find("dup"));
    }
}
