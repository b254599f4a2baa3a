using System.Collections;

namespace Appliance.Calls;

/// <summary>The logging scope every call-related line carries: "CallId=…".</summary>
internal sealed class CallScope(string callId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?> _entry = new("CallId", callId);

    public int Count => 1;
    public KeyValuePair<string, object?> this[int index] => index == 0 ? _entry : throw new ArgumentOutOfRangeException(nameof(index));
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return _entry;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => $"CallId={_entry.Value}";
}
