using System.Collections.Concurrent;
using Appliance.Providers.Realtime;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>A tool handler that records its calls and answers with a fixed result.</summary>
internal sealed class RecordingToolHandler(string result) : IToolHandler
{
    private readonly ConcurrentQueue<(string Name, string Arguments)> _calls = new();

    public IReadOnlyList<(string Name, string Arguments)> Calls => [.. _calls];

    public ValueTask<string> HandleAsync(string name, string argumentsJson, CancellationToken cancellationToken)
    {
        _calls.Enqueue((name, argumentsJson));
        return ValueTask.FromResult(result);
    }
}
