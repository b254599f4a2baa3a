using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Interop.Tests.Sip;

/// <summary>
/// Raw SIP over loopback sockets for tests that must send bytes no well-behaved stack would: one datagram per message
/// over UDP, Content-Length framing over TCP, and the first line of each response.
/// </summary>
internal static class SipWire
{
    /// <summary>
    /// Adds ";rport" (RFC 3581) to the top Via so a response to a well-formed request comes back to the sending socket
    /// instead of port 5060 of the Via host (RFC 3261 §18.2.2). Leaves a Via that already asks for rport unchanged.
    /// </summary>
    public static string WithRport(string wire)
    {
        int headerEnd = wire.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        for (int lineStart = wire.IndexOf("\r\n", StringComparison.Ordinal) + 2; lineStart > 1 && lineStart < headerEnd; lineStart = wire.IndexOf("\r\n", lineStart, StringComparison.Ordinal) + 2)
        {
            int colon = wire.IndexOf(':', lineStart);
            int lineEnd = wire.IndexOf("\r\n", lineStart, StringComparison.Ordinal);
            if (colon < 0 || colon > lineEnd)
            {
                continue;
            }

            string name = wire[lineStart..colon].Trim();
            if (!name.Equals("Via", StringComparison.OrdinalIgnoreCase) && !name.Equals("v", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // The field runs on over continuation lines (leading SP/HT); the top value ends at its first comma.
            int fieldEnd = lineEnd;
            while (fieldEnd + 2 < wire.Length && wire[fieldEnd + 2] is ' ' or '\t')
            {
                fieldEnd = wire.IndexOf("\r\n", fieldEnd + 2, StringComparison.Ordinal);
            }

            int comma = wire.IndexOf(',', colon, fieldEnd - colon);
            int valueEnd = comma >= 0 ? comma : fieldEnd;
            return wire.AsSpan(colon, valueEnd - colon).Contains("rport", StringComparison.OrdinalIgnoreCase)
                ? wire
                : wire.Insert(valueEnd, ";rport");
        }

        return wire;
    }

    /// <summary>Sends one datagram from a fresh socket and collects responses until a final one or the timeout.</summary>
    public static async Task<List<string>> ExchangeUdpAsync(int port, byte[] datagram, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(datagram, new IPEndPoint(IPAddress.Loopback, port));
        var responses = new List<string>();
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (responses.Count == 0 || StatusCode(responses[^1]) < 200)
            {
                SocketReceiveFromResult result = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                responses.Add(Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return responses;
    }

    /// <summary>The final response (or the last provisional, or null when nothing came).</summary>
    public static string? Final(List<string> responses) => responses.Count == 0 ? null : responses[^1];

    public static int StatusCode(string response) =>
        response.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && response.Length >= 11
            ? int.Parse(response.AsSpan(8, 3), CultureInfo.InvariantCulture)
            : -1;

    public static string StatusLine(string response)
    {
        int end = response.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? response : response[..end];
    }

    /// <summary>The reason phrase: everything after the status code on the status line.</summary>
    public static string Reason(string response) => StatusLine(response).Length > 12 ? StatusLine(response)[12..] : "";

    public static string Options(int replyPort, string callId) => $"""
        OPTIONS sip:probe@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:{replyPort};branch=z9hG4bK{callId};rport
        Max-Forwards: 70
        From: <sip:probe@127.0.0.1>;tag={callId}
        To: <sip:probe@127.0.0.1>
        Call-ID: {callId}
        CSeq: 1 OPTIONS
        Content-Length: 0


        """.ReplaceLineEndings("\r\n");

    /// <summary>Reads SIP messages framed by Content-Length from a TCP stream.</summary>
    public sealed class TcpReader(NetworkStream stream)
    {
        private readonly MemoryStream _pending = new();
        private readonly byte[] _chunk = new byte[65536];

        /// <summary>The next whole message, or null when the peer closed the connection first.</summary>
        public async Task<string?> ReadAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                string? message = TryTake();
                if (message is not null)
                {
                    return message;
                }

                int read = await stream.ReadAsync(_chunk, cts.Token);
                if (read == 0)
                {
                    return null;
                }

                _pending.Write(_chunk, 0, read);
            }
        }

        /// <summary>True when the peer closes the connection (after any responses it sends first) within the timeout.</summary>
        public async Task<bool> ClosedAsync(TimeSpan timeout)
        {
            try
            {
                using var cts = new CancellationTokenSource(timeout);
                while (await stream.ReadAsync(_chunk, cts.Token) > 0)
                {
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (IOException)
            {
                return true; // reset by the peer
            }
        }

        private string? TryTake()
        {
            string text = Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            int headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                return null;
            }

            int bodyLength = 0;
            foreach (string line in text[..headerEnd].Split("\r\n"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                string name = colon < 0 ? "" : line[..colon].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
                {
                    bodyLength = int.Parse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            int total = headerEnd + 4 + bodyLength;
            if (text.Length < total)
            {
                return null;
            }

            byte[] rest = Encoding.UTF8.GetBytes(text[total..]);
            _pending.SetLength(0);
            _pending.Write(rest);
            return text[..total];
        }
    }
}
