using Appliance.Media.Session;

namespace Appliance.Calls;

/// <summary>
/// The status of one call as it changes: each transition swaps in a new immutable <see cref="CallStatus"/> under a
/// lock, so readers (the call API) always see a consistent snapshot. States only move forward.
/// </summary>
internal sealed class CallRecord(CallStatus initial)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CallStatus _status = initial;
    private MediaSession? _media;

    public string Id
    {
        get
        {
            lock (_lock)
            {
                return _status.Id;
            }
        }
    }

    /// <summary>Completes when the call has ended and is torn down.</summary>
    public Task Finished => _finished.Task;

    /// <summary>The current status, with live RTP counters while media runs.</summary>
    public CallStatus Snapshot()
    {
        lock (_lock)
        {
            return _media is { } media && _status.State != CallState.Ended ? _status with { Media = media.GetStatistics() } : _status;
        }
    }

    /// <summary>Names the call once its Call-ID is known (outbound: right after the INVITE is built).</summary>
    public void Bind(string callId)
    {
        lock (_lock)
        {
            _status = _status with { Id = callId };
        }
    }

    /// <summary>A provisional response: ringing, or early media when it carried SDP.</summary>
    public void Progress(bool earlyMedia)
    {
        lock (_lock)
        {
            var next = earlyMedia ? CallState.Early : CallState.Ringing;
            if (_status.State < next)
            {
                _status = _status with { State = next };
            }
        }
    }

    /// <summary>Media is up with <paramref name="codec"/> (early or answered); its counters are reported from now on.</summary>
    public void MediaStarted(MediaSession media, string codec)
    {
        lock (_lock)
        {
            _media = media;
            _status = _status with { Codec = codec };
        }
    }

    public void Answered(DateTimeOffset at, int sipStatus, string sipReason)
    {
        lock (_lock)
        {
            if (_status.State < CallState.Answered)
            {
                _status = _status with { State = CallState.Answered, AnsweredAt = at, SipStatus = sipStatus, SipReason = sipReason };
            }
        }
    }

    /// <summary>The call is over and torn down; the last RTP counters are kept.</summary>
    public void Ended(DateTimeOffset at, CallDisposition disposition, CallEndReason reason, bool byRemote, int sipStatus, string? detail)
    {
        lock (_lock)
        {
            if (_status.State == CallState.Ended)
            {
                return;
            }
            _status = _status with
            {
                State = CallState.Ended,
                EndedAt = at,
                Disposition = disposition,
                EndReason = reason,
                EndedByRemote = byRemote,
                SipStatus = _status.SipStatus ?? (sipStatus > 0 ? sipStatus : null),
                SipReason = _status.SipReason ?? (sipStatus > 0 ? detail : null),
                Detail = detail,
                Media = _media?.GetStatistics(),
            };
            _media = null;
        }
        _finished.TrySetResult();
    }

    /// <summary>A final status that arrived after the call was reported ended (the 487 to our CANCEL).</summary>
    public void LateFinalStatus(int sipStatus, string sipReason)
    {
        lock (_lock)
        {
            if (_status.SipStatus is null)
            {
                _status = _status with { SipStatus = sipStatus, SipReason = sipReason };
            }
        }
    }
}
