using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>A datagram socket speaking systemd's sd_notify protocol, owned by the test.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"appliance-notify-{Guid.NewGuid():N}.sock");

    public NotifySocket()
    {
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _ = ReceiveLoop();
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[4096];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                foreach (var line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    _messages.Writer.TryWrite(line);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Waits for a notification starting with the prefix (e.g. "READY=1"); returns every one seen meanwhile.</summary>
    public async Task<List<string>> WaitForAsync(string prefix, TimeSpan timeout)
    {
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                seen.Add(message);
                if (message.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {prefix} within {timeout}; saw: {string.Join(", ", seen)}");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        File.Delete(Path);
        _stop.Dispose();
    }
}
