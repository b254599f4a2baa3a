using System.Text;
using Appliance.Sip.Message;
using Appliance.Sip.Registration;

namespace Appliance.Sip.Tests.Registration;

/// <summary>
/// An in-memory registrar behind the request channel: answers each REGISTER synchronously from a
/// script, so the registration loop advances only when the test advances the fake clock.
/// </summary>
internal sealed class FakeRegistrar : ISipRequestChannel
{
    public List<string> Requests { get; } = [];
    public int Pings { get; private set; }

    /// <summary>Builds the response for a request (null: no answer, a transaction timeout).</summary>
    public Func<string, string?> Respond { get; set; } = _ => null;

    public Task<SipRequestOutcome> SendAsync(ReadOnlyMemory<byte> request, SipDestination destination, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(request.Span);
        Requests.Add(text);
        if (Respond(text) is not { } response)
        {
            return Task.FromResult(SipRequestOutcome.Timeout);
        }
        var message = new SipMessage();
        Assert.Equal(SipParseError.None, message.Parse(Encoding.UTF8.GetBytes(response)));
        return Task.FromResult(new SipRequestOutcome(message, null));
    }

    public ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, SipDestination destination, CancellationToken cancellationToken)
    {
        Pings++;
        return ValueTask.CompletedTask;
    }

    /// <summary>A response to the request with the given status and extra header lines, copying the dialog-forming headers.</summary>
    public static string Reply(string request, int status, string reason, params string[] headers)
    {
        var lines = request.Split("\r\n");
        string Header(string name) => lines.First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        var builder = new StringBuilder($"SIP/2.0 {status} {reason}\r\n");
        builder.Append(Header("Via")).Append("\r\n");
        builder.Append(Header("From")).Append("\r\n");
        builder.Append(Header("To")).Append(status >= 200 ? ";tag=registrar" : "").Append("\r\n");
        builder.Append(Header("Call-ID")).Append("\r\n");
        builder.Append(Header("CSeq")).Append("\r\n");
        foreach (var header in headers)
        {
            builder.Append(header).Append("\r\n");
        }
        builder.Append("Content-Length: 0\r\n\r\n");
        return builder.ToString();
    }

    public static string? HeaderValue(string request, string name) =>
        request.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
}
