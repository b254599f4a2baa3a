using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>An in-process brain on Kestrel (127.0.0.1, port 0): records every request (raw body, headers, connection) and answers with <see cref="Respond"/>.</summary>
internal sealed class FakeBrainServer : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<FakeBrainRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private FakeBrainServer()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Answers a request; the default says 200 <c>{"ok":true}</c>.</summary>
    public Func<FakeBrainRequest, Task<FakeBrainReply>> Respond { get; set; } = _ => Task.FromResult(FakeBrainReply.Ok("""{"ok":true}"""));

    public IReadOnlyList<FakeBrainRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Distinct TCP connections the requests came on.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Select(r => r.ConnectionId).Distinct().Count();
            }
        }
    }

    public static async Task<FakeBrainServer> StartAsync()
    {
        var server = new FakeBrainServer();
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.First());
        return server;
    }

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void Always(int status, string body) => Respond = _ => Task.FromResult(new FakeBrainReply(status, body));

    /// <summary>Waits until <paramref name="count"/> requests have arrived (answered or not) and returns the last of them.</summary>
    public async Task<FakeBrainRequest> WaitForRequestsAsync(int count)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_requests.Count >= count)
                {
                    return _requests[count - 1];
                }
            }

            if (!await _arrived.WaitAsync(WaitTimeout))
            {
                throw new TimeoutException($"Timed out waiting for request {count}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Requests a test left unanswered must not hold the graceful shutdown.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new FakeBrainRequest(context.Request.Path.Value ?? "", headers, buffer.ToArray(), context.Connection.Id);
        lock (_lock)
        {
            _requests.Add(request);
        }

        _arrived.Release();
        FakeBrainReply reply;
        try
        {
            reply = await Respond(request).WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the client gave up (timeout, cancellation, disposal)
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }
}
