using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Appliance.Providers.Tests.Realtime.Fakes;

/// <summary>
/// An in-process WebSocket server on Kestrel (127.0.0.1, port 0) that records every client message and lets a
/// protocol subclass answer it; tests script the server's side through the subclass helpers.
/// </summary>
internal abstract class FakeRealtimeServer : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<JsonElement> _received = [];
    private readonly List<long> _receivedAt = [];
    private readonly List<FakeConnection> _connections = [];
    private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource<FakeConnection> Done)> _connectionWaiters = [];
    private volatile TaskCompletionSource? _readGate;

    protected FakeRealtimeServer()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(AcceptAsync);
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every message received, parsed (malformed ones are not recorded).</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>
    /// Every message received with the <see cref="Stopwatch"/> timestamp of its arrival (its last frame read, before
    /// parsing), for latency measurements against the test's own clock.
    /// </summary>
    public IReadOnlyList<(JsonElement Message, long Timestamp)> ReceivedWithTimestamps
    {
        get
        {
            lock (_lock)
            {
                var timeline = new List<(JsonElement, long)>(_received.Count);
                for (int i = 0; i < _received.Count; i++)
                {
                    timeline.Add((_received[i], _receivedAt[i]));
                }

                return timeline;
            }
        }
    }

    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>The newest connection.</summary>
    public FakeConnection Current
    {
        get
        {
            lock (_lock)
            {
                return _connections[^1];
            }
        }
    }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUri = new Uri(_app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal));
    }

    /// <summary>Stops reading client messages, as a provider that cannot keep up: the client's socket backs up.</summary>
    public void PauseReading() => _readGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _readGate?.TrySetResult();

    /// <summary>Waits for the <paramref name="count"/>-th connection.</summary>
    public Task<FakeConnection> WaitForConnectionAsync(int count = 1)
    {
        lock (_lock)
        {
            if (_connections.Count >= count)
            {
                return Task.FromResult(_connections[count - 1]);
            }

            var done = new TaskCompletionSource<FakeConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            _connectionWaiters.Add((count, done));
            return done.Task.WaitAsync(WaitTimeout);
        }
    }

    /// <summary>Waits for a received message (already received ones count) matching <paramref name="match"/>.</summary>
    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
    {
        lock (_lock)
        {
            foreach (JsonElement message in _received)
            {
                if (match(message))
                {
                    return Task.FromResult(message);
                }
            }

            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(WaitTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (FakeConnection connection in _connections)
            {
                connection.Abort();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Called when a client connected, before any message.</summary>
    protected virtual Task OnConnectedAsync(FakeConnection connection) => Task.CompletedTask;

    /// <summary>Answers one parsed client message.</summary>
    protected abstract Task OnMessageAsync(FakeConnection connection, JsonElement message);

    /// <summary>Answers a message that is not valid JSON.</summary>
    protected abstract Task OnMalformedAsync(FakeConnection connection, string text);

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeConnection(socket, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers);
        lock (_lock)
        {
            _connections.Add(connection);
            for (int i = _connectionWaiters.Count - 1; i >= 0; i--)
            {
                if (_connections.Count >= _connectionWaiters[i].Count)
                {
                    _connectionWaiters[i].Done.TrySetResult(_connections[_connectionWaiters[i].Count - 1]);
                    _connectionWaiters.RemoveAt(i);
                }
            }
        }

        await OnConnectedAsync(connection);
        try
        {
            await ReceiveAsync(connection);
        }
        finally
        {
            connection.Closed.TrySetResult();
        }
    }

    private async Task ReceiveAsync(FakeConnection connection)
    {
        var buffer = new byte[1 << 20];
        while (connection.Socket.State == WebSocketState.Open)
        {
            if (_readGate is { } gate)
            {
                await gate.Task;
            }

            int count = 0;
            ValueWebSocketReceiveResult result;
            try
            {
                do
                {
                    result = await connection.Socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            long receivedAt = Stopwatch.GetTimestamp();
            string text = System.Text.Encoding.UTF8.GetString(buffer, 0, count);
            JsonElement message;
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                message = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                await OnMalformedAsync(connection, text);
                continue;
            }

            Record(message, receivedAt);
            await OnMessageAsync(connection, message);
        }
    }

    private void Record(JsonElement message, long receivedAt)
    {
        lock (_lock)
        {
            _received.Add(message);
            _receivedAt.Add(receivedAt);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(message))
                {
                    _waiters[i].Done.TrySetResult(message);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
