namespace Appliance.Providers.Realtime;

/// <summary>One call's provider usage totals by kind (input_text, input_audio, output_audio ...), for the brain's "ended" event.</summary>
/// <remarks>Added to from the receive loop once per response, read when the call ends: a lock is cheap enough.</remarks>
internal sealed class CallUsage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);

    public void Add(string kind, long count)
    {
        if (count <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _totals[kind] = _totals.GetValueOrDefault(kind) + count;
        }
    }

    /// <summary>A copy of the totals so far; kinds never reported are absent.</summary>
    public Dictionary<string, long> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, long>(_totals, StringComparer.Ordinal);
        }
    }
}
