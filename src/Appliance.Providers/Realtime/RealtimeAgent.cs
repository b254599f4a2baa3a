using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Appliance.Media.Codecs;
using Appliance.Media.Resampling;
using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Providers.Realtime;

/// <summary>
/// A speech-to-speech model as a call agent: caller audio frames in, model audio frames out, barge-in as an
/// <see cref="InterruptionFrame"/>. This base owns what every provider shares: the WebSocket session with its
/// connect/setup timeouts, the bounded send queue and separate receive loop, audio conversion, tool calls (built-in,
/// configured, or decided by a remote brain: see <see cref="RealtimeAgentServices.Brain"/>) and the failure policy;
/// <see cref="OpenAi.OpenAiRealtimeAgent"/> and <see cref="Gemini.GeminiLiveAgent"/> speak the protocols.
/// </summary>
/// <remarks>
/// The pipeline thread never waits on the network: caller audio is encoded into pooled messages and queued; the send
/// loop drains the queue; the receive loop pushes model audio downstream (pushing is thread-safe and never blocks).
/// When the provider fails, a resumable session is reconnected transparently; otherwise the call ends: a configured
/// prompt plays and an <see cref="EndFrame"/> follows, or a fatal <see cref="ErrorFrame"/> ends it at once. Never a silent open call.
/// </remarks>
public abstract partial class RealtimeAgent : FrameProcessor
{
    private const int ReceiveBufferLimit = 16 * 1024 * 1024;

    private readonly CancellationTokenSource _stopping = new();
    private readonly InputAudioEncoder _encoder;
    private readonly OutputAudioDecoder _decoder;
    private readonly KeyValuePair<string, object?> _providerTag;
    private readonly int _frameSamples;
    private byte[] _receiveBuffer = new byte[64 * 1024];
    private CancellationTokenSource? _connection;
    private TaskCompletionSource? _ready;
    private Task? _session;
    private bool _audioPushed;
    private int _ended;

    private protected RealtimeAgent(string name, RealtimeAgentOptions options, RealtimeAgentServices services, AgentContext context, RealtimeAudioFormat inputFormat, int inputRate, RealtimeAudioFormat outputFormat, int outputRate, ReadOnlySpan<byte> appendPrefix, ReadOnlySpan<byte> appendSuffix)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchMilliseconds, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BatchMilliseconds, 100);
        Options = options;
        Services = services;
        CallId = context.CallId;
        SampleRate = context.Port.SampleRate;
        PlayedAudio = services.PlayedAudioClock?.Invoke(context) ?? new CallAudioPortClock(context.Port);
        Context = context;
        _setup = new ModelSetup(options.Instructions, ToolDeclaration.Build(options.Tools, options, context.Actions is not null));
        _providerTag = new KeyValuePair<string, object?>(ProviderMetrics.ProviderTag, options.Provider);
        _frameSamples = SampleRate / 50;

        MessagePool = new OutboundMessagePool(appendPrefix.Length + appendSuffix.Length + (inputRate * options.BatchMilliseconds / 1000 * 3) + 64);
        _encoder = new InputAudioEncoder(SampleRate, inputFormat, inputRate, options.BatchMilliseconds, appendPrefix, appendSuffix, MessagePool);
        SendQueue = new SendQueue(MessagePool, Math.Max(1, options.SendBacklogMilliseconds / options.BatchMilliseconds));
        _decoder = new OutputAudioDecoder(outputFormat, outputRate, SampleRate);
    }

    /// <summary>Why this agent ended the call (provider failure, model hung up); null while it has not.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Caller audio messages dropped because the provider could not keep up.</summary>
    public long DroppedAudioMessages => SendQueue.Dropped;

    private protected RealtimeAgentOptions Options { get; }

    private protected RealtimeAgentServices Services { get; }

    private protected string CallId { get; }

    /// <summary>The pipeline's PCM rate.</summary>
    private protected int SampleRate { get; }

    private protected IPlayedAudioClock PlayedAudio { get; }

    private protected OutboundMessagePool MessagePool { get; }

    private protected SendQueue SendQueue { get; }

    private protected ProviderMetrics? ProviderMetrics => Services.Metrics;

    /// <summary>True once the call is ending: nothing more is sent to the model.</summary>
    private protected bool IsEnding => Volatile.Read(ref _ended) != 0;

    private protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Where to connect (never logged whole: it may carry the key).</summary>
    private protected abstract Uri BuildUri();

    /// <summary>Sets authentication and protocol headers.</summary>
    private protected abstract void ConfigureSocket(ClientWebSocketOptions options);

    /// <summary>Writes the session setup event; <paramref name="resuming"/> when it continues a previous connection's session.</summary>
    private protected abstract void WriteSetup(OutboundMessage message, bool resuming);

    /// <summary>Handles one server message on the receive loop; calls <see cref="MarkReady"/> once the setup is confirmed.</summary>
    private protected abstract void OnMessage(ReadOnlySpan<byte> json);

    /// <summary>Queues the greeting turn.</summary>
    private protected abstract void EnqueueGreeting(string greeting);

    /// <summary>Queues a text note that the caller pressed <paramref name="digit"/>.</summary>
    private protected abstract void EnqueueDtmf(char digit);

    /// <summary>True when a lost connection can resume the same session (Gemini resumption handle).</summary>
    private protected virtual bool CanResume => false;

    /// <summary>Resets per-connection protocol state after a connection ended.</summary>
    private protected virtual void OnConnectionLost()
    {
    }

    /// <inheritdoc/>
    protected override ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        // Connecting runs beside the pipeline: a slow provider delays only this call's first words, never its frames.
        // The brain is asked at the same time; the setup waits for its answer, the WebSocket handshake does not.
        StartBrain();
        _session = RunSessionAsync(_stopping.Token);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    protected override async ValueTask OnStopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        SendQueue.Poke();
        if (_session is not null)
        {
            await _session.ConfigureAwait(false);
        }

        SendQueue.Clear();
        OnStopped();
    }

    /// <inheritdoc/>
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        if (direction == FrameDirection.Downstream)
        {
            switch (frame)
            {
                case AudioFrame audio:
                    SendAudio(audio.Samples, audio.Payload, audio.PayloadCodec);
                    audio.Release();
                    return;
                case DtmfFrame dtmf:
                    OnCallerDtmf(dtmf.Digit);
                    break;
            }
        }
        else
        {
            TrackPlayout(frame);
        }

        PushFrame(frame, direction);
    }

    /// <summary>Encodes caller PCM into batched append messages and queues them; allocation-free.</summary>
    internal void SendAudio(ReadOnlySpan<short> samples) => SendAudio(samples, default, PayloadCodec.None);

    /// <summary>
    /// Like <see cref="SendAudio(ReadOnlySpan{short})"/>, given also the G.711 bytes the samples came from (one per
    /// sample): bytes in the session's own format are sent untouched instead of re-encoding the PCM.
    /// </summary>
    internal void SendAudio(ReadOnlySpan<short> samples, ReadOnlySpan<byte> payload, PayloadCodec codec)
    {
        if (IsEnding)
        {
            return;
        }

        if (payload.Length != samples.Length)
        {
            codec = PayloadCodec.None;
        }

        long now = Stopwatch.GetTimestamp();
        while (!samples.IsEmpty)
        {
            ReadOnlySpan<short> chunk = samples[..Math.Min(samples.Length, InputAudioEncoder.MaxAppendSamples)];
            samples = samples[chunk.Length..];
            if (codec == PayloadCodec.None)
            {
                _encoder.Append(chunk, now);
            }
            else
            {
                _encoder.Append(chunk, payload[..chunk.Length], codec, now);
                payload = payload[chunk.Length..];
            }

            while (_encoder.TryTakeMessage(out OutboundMessage? message))
            {
                if (!SendQueue.EnqueueAudio(message!))
                {
                    ProviderMetrics?.AudioDropped.Add(1, _providerTag);
                }
            }
        }
    }

    /// <summary>
    /// Decodes a base64 audio delta and pushes it downstream as 20 ms pooled frames (receive loop); G.711 at the
    /// pipeline's rate also travels as the frames' payload, so it can reach RTP untouched.
    /// </summary>
    private protected int PushModelAudio(ReadOnlySpan<byte> base64Utf8)
    {
        ReadOnlySpan<short> pcm = _decoder.Decode(base64Utf8, out ReadOnlySpan<byte> payload);
        PayloadCodec codec = payload.IsEmpty ? PayloadCodec.None : _decoder.PassThrough;
        int total = pcm.Length;
        int frameSamples = Math.Min(_frameSamples, AudioPool.FrameCapacity);
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(pcm.Length, frameSamples);
            PushFrame(AudioPool.Rent(SampleRate, pcm[..take], codec, codec == PayloadCodec.None ? default : payload[..take]));
            pcm = pcm[take..];
            payload = codec == PayloadCodec.None ? default : payload[take..];
        }

        _audioPushed |= total > 0;
        return total;
    }

    /// <summary>Forgets partial output state: a new model turn starts.</summary>
    private protected void ResetModelAudio() => _decoder.Reset();

    /// <summary>The provider confirmed the session setup.</summary>
    private protected void MarkReady() => _ready?.TrySetResult();

    /// <summary>Closes the current connection so the session loop reconnects (and resumes, when it can).</summary>
    private protected void Reconnect() => _connection?.Cancel();

    /// <summary>Serializes a cold control event into a pooled message and queues it.</summary>
    private protected void EnqueueControl<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        OutboundMessage message = MessagePool.Rent();
        using (var writer = new Utf8JsonWriter(message))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        SendQueue.EnqueueControl(message);
    }

    /// <summary>Ends the call gracefully: queued model audio plays out first, then the pipeline ends.</summary>
    private protected void EndCall(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        EndReason = reason;
        RealtimeLog.EndingCall(Logger, Name, CallId, reason);
        PushFrame(EndFrame.Instance);
    }

    /// <summary>Runs a model's tool call: built-in transfer, or the configured handler; returns the JSON result for the model.</summary>
    private protected async Task<string> InvokeToolAsync(string name, string argumentsJson)
    {
        RealtimeLog.ToolCalled(Logger, Name, name, CallId);
        try
        {
            if (name == ToolDeclaration.TransferCall && Options.EnableTransfer && Context.Actions is not null)
            {
                return await TransferToolAsync(argumentsJson).ConfigureAwait(false);
            }

            // With a brain, its conversation decides every other tool; otherwise the configured handler runs it.
            IToolHandler? handler = (IToolHandler?)Conversation ?? Services.ToolHandler;
            if (handler is null)
            {
                return Serialize(new ToolResult { Error = $"Unknown tool '{name}'." });
            }

            return await handler.HandleAsync(name, argumentsJson, Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Stopping.IsCancellationRequested)
        {
            // A failing tool is the model's problem to explain to the caller, never the call's end.
            RealtimeLog.ToolFailed(Logger, Name, name, CallId, ex);
            return Serialize(new ToolResult { Error = ex.Message });
        }
    }

    /// <summary>Logs a malformed server message and counts it; the call goes on.</summary>
    private protected void ReportMalformed(int length, string reason)
    {
        ProviderMetrics?.ServerErrors.Add(1, _providerTag);
        RealtimeLog.Malformed(Logger, Name, CallId, length, reason);
    }

    /// <summary>Logs a server error event and counts it.</summary>
    private protected void ReportServerError(string? type, string? code, string? message)
    {
        ProviderMetrics?.ServerErrors.Add(1, _providerTag);
        RealtimeLog.ServerError(Logger, Name, CallId, type, code, message);
    }

    private static string Serialize(ToolResult result) => JsonSerializer.Serialize(result, RealtimeJsonContext.Default.ToolResult);

    private async Task RunSessionAsync(CancellationToken stopping)
    {
        int attempt = 0;
        bool resuming = false;
        while (true)
        {
            (string reason, bool wasReady) = await RunConnectionAsync(resuming, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested || IsEnding)
            {
                return;
            }

            if (wasReady)
            {
                // Only failures in a row count: a long call may resume many times (Gemini connections last ~10 min).
                attempt = 0;
            }

            RealtimeLog.ConnectionLost(Logger, Name, CallId, reason);
            OnConnectionLost();
            if (!CanResume || attempt >= Options.MaxReconnectAttempts)
            {
                Fail(reason);
                return;
            }

            attempt++;
            resuming = true;
            ProviderMetrics?.Reconnects.Add(1, _providerTag);
            RealtimeLog.Resuming(Logger, Name, CallId, attempt);
            if (attempt > 1)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * (attempt - 1)), TimeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // One WebSocket connection from handshake to loss; returns why it ended and whether its setup had been confirmed.
    private async Task<(string Reason, bool WasReady)> RunConnectionAsync(bool resuming, CancellationToken stopping)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var socket = new ClientWebSocket();
        ConfigureSocket(socket.Options);
        _connection = connection;
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string>? receive = null;
        Task? send = null;
        bool wasReady = false;
        string reason;
        try
        {
            Uri uri = BuildUri();
            using (var timeout = new CancellationTokenSource(Options.ConnectTimeout, TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(connection.Token, timeout.Token))
            {
                try
                {
                    await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !connection.IsCancellationRequested)
                {
                    return ($"connect timed out after {Options.ConnectTimeout.TotalSeconds:0.#} s", false);
                }
            }

            RealtimeLog.Connected(Logger, Name, uri.Host, CallId);
            receive = ReceiveLoopAsync(socket, connection.Token);

            // The setup carries the brain's instructions and tools, so it waits for the conversation to open (or fall back).
            await WaitForConversationAsync(connection.Token).ConfigureAwait(false);

            // The setup goes out before the send loop starts, so it is always the connection's first message.
            OutboundMessage setup = MessagePool.Rent();
            WriteSetup(setup, resuming);
            await socket.SendAsync(setup.Memory, WebSocketMessageType.Text, true, connection.Token).ConfigureAwait(false);
            MessagePool.Return(setup);

            Task ready = _ready.Task.WaitAsync(Options.SetupTimeout, TimeProvider, connection.Token);
            if (await Task.WhenAny(ready, receive).ConfigureAwait(false) == receive)
            {
                return ($"connection closed during setup: {await receive.ConfigureAwait(false)}", false);
            }

            try
            {
                await ready.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return ($"setup not confirmed within {Options.SetupTimeout.TotalSeconds:0.#} s", false);
            }

            wasReady = true;
            if (!resuming)
            {
                EnqueueOpening();
            }

            send = SendLoopAsync(socket, connection.Token);
            reason = await Task.WhenAny(receive, send).ConfigureAwait(false) == receive
                ? await receive.ConfigureAwait(false)
                : $"send failed: {send.Exception?.GetBaseException().Message}";
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested)
        {
            reason = stopping.IsCancellationRequested ? "stopped" : "reconnect requested";
        }
        catch (Exception ex)
        {
            // Whatever broke the connection, the session loop must decide (resume or end the call): never a silent call.
            reason = ex.Message;
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            SendQueue.Poke();
            socket.Abort();
            await Quietly(send).ConfigureAwait(false);
            await Quietly(receive).ConfigureAwait(false);
            _connection = null;
        }

        return (reason, wasReady);
    }

    private async Task SendLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!SendQueue.TryDequeueOrArm(out OutboundMessage? message))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await SendQueue.WaitAsync().ConfigureAwait(false);
                continue;
            }

            try
            {
                await socket.SendAsync(message!.Memory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                if (message.AudioTimestamp != 0)
                {
                    ProviderMetrics?.SendLatency.Record(Stopwatch.GetElapsedTime(message.AudioTimestamp).TotalMilliseconds, _providerTag);
                }
            }
            finally
            {
                MessagePool.Return(message!);
            }
        }
    }

    private async Task<string> ReceiveLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        int count = 0;
        bool oversized = false;
        while (true)
        {
            if (count == _receiveBuffer.Length)
            {
                if (_receiveBuffer.Length >= ReceiveBufferLimit)
                {
                    // Skip the rest of a runaway message instead of growing without bound.
                    oversized = true;
                    count = 0;
                }
                else
                {
                    Array.Resize(ref _receiveBuffer, _receiveBuffer.Length * 2);
                }
            }

            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(_receiveBuffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return "connection closed locally";
            }
            catch (WebSocketException ex)
            {
                return ex.Message;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return $"closed by the provider ({socket.CloseStatus} {socket.CloseStatusDescription})";
            }

            count += result.Count;
            if (!result.EndOfMessage)
            {
                continue;
            }

            long received = Stopwatch.GetTimestamp();
            if (oversized)
            {
                ReportMalformed(count, "message too large");
            }
            else
            {
                Dispatch(_receiveBuffer.AsSpan(0, count));
                if (_audioPushed)
                {
                    _audioPushed = false;
                    ProviderMetrics?.ReceiveLatency.Record(Stopwatch.GetElapsedTime(received).TotalMilliseconds, _providerTag);
                }
            }

            oversized = false;
            count = 0;
        }
    }

    /// <summary>Handles one received message; malformed input is logged and ignored.</summary>
    internal void Dispatch(ReadOnlySpan<byte> json)
    {
        try
        {
            OnMessage(json);
        }
        catch (Exception ex)
        {
            // Bad provider input never ends the call, whatever it trips over: log it and keep listening.
            ReportMalformed(json.Length, ex.Message);
        }
    }

    private void Fail(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        EndReason = $"{Options.Provider} failed: {reason}";
        _providerFailed = true;
        ProviderMetrics?.Failures.Add(1, _providerTag);
        RealtimeLog.Failed(Logger, Name, CallId, reason);
        if (Options.FailurePrompt is { Length: > 0 } prompt)
        {
            PushPrompt(prompt);
            PushFrame(EndFrame.Instance);
        }
        else
        {
            PushError(EndReason, fatal: true);
        }
    }

    private void PushPrompt(short[] prompt)
    {
        var resampler = new Resampler(Options.FailurePromptSampleRate, SampleRate);
        var pcm = new short[resampler.GetOutputLength(prompt.Length)];
        int produced = resampler.Process(prompt, pcm);
        ReadOnlySpan<short> remaining = pcm.AsSpan(0, produced);
        int frameSamples = Math.Min(_frameSamples, AudioPool.FrameCapacity);
        while (!remaining.IsEmpty)
        {
            int take = Math.Min(remaining.Length, frameSamples);
            PushFrame(AudioPool.Rent(SampleRate, remaining[..take]));
            remaining = remaining[take..];
        }
    }

    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            // The connection is being torn down; its loops' endings carry no news.
        }
    }
}
