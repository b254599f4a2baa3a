using System.Buffers;
using System.Net;
using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>A server transaction stand-in: hands the request up and records every response sent through it.</summary>
internal sealed class RecordedServerRequest(SipMessage request, string transport, IPEndPoint remote, Action<SipMessage>? onResponse = null) : ISipServerRequest
{
    public SipMessage Request { get; } = request;

    public string Transport { get; } = transport;

    public IPEndPoint RemoteEndPoint { get; } = remote;

    public string? LocalTag => null;

    public List<SipMessage> Responses { get; } = [];

    public SipMessage Last => Responses[^1];

    public bool SendResponse(int statusCode, IMemoryOwner<byte> response)
    {
        using (response)
        {
            SipMessage parsed = SipText.Parse(response.Memory.ToArray());
            Responses.Add(parsed);
            onResponse?.Invoke(parsed);
        }

        return true;
    }
}
