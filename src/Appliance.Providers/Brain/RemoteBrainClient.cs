using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Appliance.Providers.Brain.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Providers.Brain;

/// <summary>
/// Talks to the remote brain over HTTP: one instance per appliance, sharing one pooled connection set.
/// Conversation requests fail safe (never throw for a brain failure); events go through a bounded background queue.
/// </summary>
public sealed partial class RemoteBrainClient : IAsyncDisposable
{
    internal const string SessionEndpoint = "session";
    internal const string ToolCallEndpoint = "tool_call";
    internal const string EventsEndpoint = "events";

    private const int MaxResponseBytes = 1 << 20;

    private readonly RemoteBrainOptions _options;
    private readonly ILogger _logger;
    private readonly BrainMetrics? _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _http;
    private readonly Uri _sessionUri;
    private readonly Uri _toolCallUri;
    private readonly Uri _eventsUri;
    private readonly JsonElement _emptyVariables;
    private readonly string _failureResult;

    /// <summary>Creates the client and starts its event delivery loop.</summary>
    public RemoteBrainClient(RemoteBrainOptions options, ILogger? logger = null, BrainMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");
        }

        if (options.BrainConfig is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("BrainConfig must be a JSON object.", nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
        _timeProvider = timeProvider ?? TimeProvider.System;

        // One handler for the appliance's lifetime: keep-alive connections are reused across calls, and recycled
        // periodically so a DNS change behind the brain's name is picked up.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Timeout,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };

        string root = options.BaseUrl.AbsoluteUri.TrimEnd('/');
        _sessionUri = new Uri(root + "/session");
        _toolCallUri = new Uri(root + "/tool-call");
        _eventsUri = new Uri(root + "/events");

        using (JsonDocument empty = JsonDocument.Parse("{}"))
        {
            _emptyVariables = empty.RootElement.Clone();
        }

        _failureResult = JsonSerializer.Serialize(new BrainErrorResult { Error = options.FailureMessage }, BrainJsonContext.Default.BrainErrorResult);

        _events = Channel.CreateBounded<BrainEvent>(new BoundedChannelOptions(Math.Max(1, options.EventQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _stopping = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, _timeProvider);
        _delivery = Task.Run(DeliverEventsAsync);
    }

    /// <summary>An empty collected-variables object.</summary>
    internal JsonElement EmptyVariables => _emptyVariables;

    /// <summary>
    /// Asks the brain how the call's conversation starts. On any brain failure returns the fallback
    /// (<see cref="RemoteBrainOptions.FallbackSystemPrompt"/>, no tools, <see cref="BrainSession.IsFallback"/> set).
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<BrainSession> StartSessionAsync(BrainCall call, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new BrainSessionRequest { Call = BrainCallPayload.Create(call), BrainConfig = _options.BrainConfig, Provider = provider },
            BrainJsonContext.Default.BrainSessionRequest);

        BrainReply reply = await SendAsync(_sessionUri, body, cancellationToken).ConfigureAwait(false);
        BrainSession? session = null;
        string reason = reply.Reason;
        if (reply.Outcome == BrainRequestOutcome.Ok
            && !BrainResponseReader.TryReadSession(reply.Body, _emptyVariables, out session, out reason))
        {
            reply = reply with { Outcome = BrainRequestOutcome.BadResponse };
        }

        Record(SessionEndpoint, reply);
        if (reply.Outcome == BrainRequestOutcome.Ok && session is not null)
        {
            BrainLog.Decided(_logger, SessionEndpoint, call.CallId, "start", session.NodeId);
            return session;
        }

        ReportFailSafe(SessionEndpoint, call.CallId, reply.Outcome, reason);
        return new BrainSession
        {
            SystemPrompt = _options.FallbackSystemPrompt,
            Tools = [],
            NodeId = "",
            CollectedVariables = _emptyVariables,
            IsFallback = true,
        };
    }

    /// <summary>
    /// Reports the model's call of <paramref name="toolName"/> on node <paramref name="nodeId"/> and returns the brain's decision.
    /// On any brain failure returns a fail-safe <see cref="BrainAction.Stay"/> whose result tells the model the action failed.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<BrainDecision> ToolCallAsync(
        string callId,
        string nodeId,
        string toolName,
        JsonElement arguments,
        JsonElement collectedVariables,
        CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new BrainToolCallRequest
            {
                CallId = callId,
                NodeId = nodeId,
                Tool = new BrainToolInvocation { Name = toolName, Args = arguments },
                CollectedVars = collectedVariables,
            },
            BrainJsonContext.Default.BrainToolCallRequest);

        BrainReply reply = await SendAsync(_toolCallUri, body, cancellationToken).ConfigureAwait(false);
        BrainDecision? decision = null;
        string reason = reply.Reason;
        if (reply.Outcome == BrainRequestOutcome.Ok
            && !BrainResponseReader.TryReadDecision(reply.Body, nodeId, collectedVariables, out decision, out reason))
        {
            reply = reply with { Outcome = BrainRequestOutcome.BadResponse };
        }

        Record(ToolCallEndpoint, reply);
        if (reply.Outcome == BrainRequestOutcome.Ok && decision is not null)
        {
            BrainLog.Decided(_logger, ToolCallEndpoint, callId, decision.Action.ToString(), decision.NodeId);
            _metrics?.Decisions.Add(1, new KeyValuePair<string, object?>(BrainMetrics.ActionTag, BrainMetrics.TagValue(decision.Action)));
            return decision;
        }

        ReportFailSafe(ToolCallEndpoint, callId, reply.Outcome, reason);
        return FailSafe(nodeId, collectedVariables);
    }

    /// <summary>The decision used when the brain cannot decide: stay on the node and tell the model the action failed.</summary>
    internal BrainDecision FailSafe(string nodeId, JsonElement collectedVariables) => new()
    {
        Action = BrainAction.Stay,
        NodeId = nodeId,
        CollectedVariables = collectedVariables,
        ResultJson = _failureResult,
        IsFailSafe = true,
    };

    /// <summary>One signed POST with the configured timeout; brain failures become an outcome, caller cancellation throws.</summary>
    private async Task<BrainReply> SendAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_options.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (_options.SigningSecret is { Length: > 0 } secret)
        {
            string timestamp = BrainRequestSigner.Timestamp(_timeProvider.GetUtcNow());
            request.Headers.TryAddWithoutValidation(BrainRequestSigner.TimestampHeader, timestamp);
            request.Headers.TryAddWithoutValidation(BrainRequestSigner.SignatureHeader, BrainRequestSigner.Sign(secret, timestamp, body));
        }

        try
        {
            // The default completion option buffers the body (bounded by MaxResponseContentBufferSize) under the same timeout.
            using HttpResponseMessage response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new BrainReply(BrainRequestOutcome.HttpError, status, null, $"HTTP {status}", Elapsed(started));
            }

            byte[] content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return new BrainReply(BrainRequestOutcome.Ok, status, content, "", Elapsed(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BrainReply(BrainRequestOutcome.Timeout, 0, null, $"no answer within {_options.Timeout.TotalMilliseconds:0} ms", Elapsed(started));
        }
        catch (HttpRequestException ex)
        {
            return new BrainReply(BrainRequestOutcome.ConnectionError, 0, null, ex.Message, Elapsed(started));
        }
    }

    private double Elapsed(long started) => _timeProvider.GetElapsedTime(started).TotalSeconds;

    private void Record(string endpoint, BrainReply reply)
    {
        if (_metrics is null)
        {
            return;
        }

        var endpointTag = new KeyValuePair<string, object?>(BrainMetrics.EndpointTag, endpoint);
        _metrics.Requests.Add(1, endpointTag, new KeyValuePair<string, object?>(BrainMetrics.OutcomeTag, BrainMetrics.TagValue(reply.Outcome)));
        _metrics.Latency.Record(reply.Seconds, endpointTag);
    }

    private void ReportFailSafe(string endpoint, string callId, BrainRequestOutcome outcome, string reason)
    {
        _metrics?.FailSafe.Add(1, new KeyValuePair<string, object?>(BrainMetrics.EndpointTag, endpoint));
        BrainLog.FailSafe(_logger, endpoint, callId, BrainMetrics.TagValue(outcome), reason);
    }
}
