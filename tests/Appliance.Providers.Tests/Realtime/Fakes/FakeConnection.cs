using System.Net.WebSockets;
using System.Text;

namespace Appliance.Providers.Tests.Realtime.Fakes;

/// <summary>One client connection accepted by a fake server: its request and a way to send to it.</summary>
internal sealed class FakeConnection(WebSocket socket, string path, string query, IReadOnlyDictionary<string, string> headers)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public WebSocket Socket { get; } = socket;

    public string Path { get; } = path;

    public string Query { get; } = query;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>Completes when the server's receive loop for this connection ended.</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task SendAsync(string json, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(json), type, true, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake (a provider crash or network loss).</summary>
    public void Abort() => Socket.Abort();
}
