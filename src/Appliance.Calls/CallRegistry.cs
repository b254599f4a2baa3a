using System.Collections.Concurrent;

namespace Appliance.Calls;

/// <summary>
/// Every live call's record, plus the most recent ended ones (bounded) so a client can read an outcome after the
/// call is gone. Thread-safe.
/// </summary>
internal sealed class CallRegistry(int historyLimit)
{
    private readonly ConcurrentDictionary<string, CallRecord> _live = new(StringComparer.Ordinal);
    private readonly Lock _historyLock = new();
    private readonly Queue<CallRecord> _history = new();
    private readonly Dictionary<string, CallRecord> _historyById = new(StringComparer.Ordinal);

    public int LiveCount => _live.Count;

    public void Add(CallRecord record) => _live[record.Id] = record;

    /// <summary>Moves an ended call into the history, evicting the oldest beyond the limit.</summary>
    public void Retire(CallRecord record)
    {
        _live.TryRemove(new KeyValuePair<string, CallRecord>(record.Id, record));
        if (historyLimit <= 0)
        {
            return;
        }
        lock (_historyLock)
        {
            _history.Enqueue(record);
            _historyById[record.Id] = record;
            while (_history.Count > historyLimit)
            {
                var evicted = _history.Dequeue();
                // A Call-ID seen twice (an INVITE retried after the first attempt ended) maps to its newest record.
                if (_historyById.TryGetValue(evicted.Id, out var current) && ReferenceEquals(current, evicted))
                {
                    _historyById.Remove(evicted.Id);
                }
            }
        }
    }

    public CallRecord? Find(string id)
    {
        if (_live.TryGetValue(id, out var live))
        {
            return live;
        }
        lock (_historyLock)
        {
            return _historyById.GetValueOrDefault(id);
        }
    }

    /// <summary>Live calls, then ended ones, each newest first.</summary>
    public List<CallStatus> List()
    {
        var live = _live.Values.Select(r => r.Snapshot()).OrderByDescending(s => s.CreatedAt).ToList();
        lock (_historyLock)
        {
            live.AddRange(_history.Reverse().Select(r => r.Snapshot()));
        }
        return live;
    }

    public List<CallRecord> LiveRecords() => [.. _live.Values];
}
