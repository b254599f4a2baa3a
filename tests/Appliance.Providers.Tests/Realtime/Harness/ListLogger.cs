using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>Keeps every log line, for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public bool Contains(string text) => _entries.Any(e => e.Message.Contains(text, StringComparison.OrdinalIgnoreCase));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}
