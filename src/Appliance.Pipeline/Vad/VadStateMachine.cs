namespace Appliance.Pipeline.Vad;

/// <summary>
/// The Quiet → Starting → Speaking → Stopping → Quiet debounce over per-chunk speech decisions. A run must
/// last <c>startChunks</c> (or <c>stopChunks</c>) consecutive chunks to confirm; a contrary chunk cancels it.
/// </summary>
internal struct VadStateMachine(int startChunks, int stopChunks)
{
    private int _run;
    private long _onset;

    public VadState State { get; private set; }

    /// <summary>Advances by one chunk covering samples [<paramref name="chunkStart"/>, <paramref name="chunkEnd"/>).</summary>
    /// <returns><c>true</c> with the transition when this chunk confirmed a start or stop.</returns>
    public bool Update(bool speech, long chunkStart, long chunkEnd, out VadTransition transition)
    {
        transition = default;
        switch (State, speech)
        {
            case (VadState.Quiet, true):
                Begin(VadState.Starting, chunkStart);
                break;
            case (VadState.Stopping, true):
                State = VadState.Speaking;
                return false;
            case (VadState.Starting, false):
                State = VadState.Quiet;
                return false;
            case (VadState.Speaking, false):
                Begin(VadState.Stopping, chunkStart);
                break;
            case (VadState.Starting, true) or (VadState.Stopping, false):
                _run++;
                break;
            default:
                return false;
        }

        if (State == VadState.Starting && _run >= startChunks)
        {
            State = VadState.Speaking;
            transition = new VadTransition(VadTransitionKind.UserStartedSpeaking, _onset, chunkEnd);
            return true;
        }

        if (State == VadState.Stopping && _run >= stopChunks)
        {
            State = VadState.Quiet;
            transition = new VadTransition(VadTransitionKind.UserStoppedSpeaking, _onset, chunkEnd);
            return true;
        }

        return false;
    }

    private void Begin(VadState state, long onset)
    {
        State = state;
        _run = 1;
        _onset = onset;
    }
}
